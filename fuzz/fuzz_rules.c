/*
 * Fuzz target: a decision rule, in its text form (the bytes as a string)
 * and, if the bytes are JSON, in its JSON form. A rule that parses is
 * described, its canonical text parsed again to the same JSON, and
 * evaluated on a few ballots. Nothing may crash, leak or hang.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/rule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
exercise(const json_t *spec)
{
	as_error err[1];
	as_rule *r = as_rule_parse(spec, err);
	as_ballot b[4];
	as_rule_ctx ctx = { 0 };
	as_verdict v;

	if (r == NULL)
		return;
	memset(b, 0, sizeof(b));
	for (int i = 0; i < 4; i++) {
		static const char *const codes[] = { "AAA", "BBB", "CCC", "DDD" };
		b[i].code = codes[i];
		b[i].stance = i % 2 ? AS_SUPPORT : AS_OBJECT;
		b[i].since = 0;
		b[i].broke = AS_TIME_NEVER;
	}
	if (as_rule_check(r, b, 4, 1, err) == 0 &&
	    as_rule_eval(r, b, 4, &ctx, &v) == 0)
		as_verdict_clear(&v);
	as_rule_free(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	as_error err[1];
	char *text = malloc(size + 1);
	json_t *s, *j;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if ((s = json_string(text)) != NULL) {
		exercise(s);
		json_decref(s);
	}
	if ((j = as_rule_text_parse(text, err)) != NULL)
		json_decref(j);
	if ((j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    NULL)) != NULL) {
		exercise(j);
		json_decref(j);
	}
	free(text);
	return 0;
}
