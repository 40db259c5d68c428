/*
 * One-line summaries of events, from the templates in the event type
 * table: "{field}" is the field's value (a list is joined with ", "), and
 * a "[...]" segment is dropped when a field inside it is absent.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/event.h"
#include "core/json_write.h"
#include "core/text.h"

/* Appends the value of field name; returns 0 if the field is absent. */
static int
put_field(as_text *b, const json_t *data, const char *name, size_t n)
{
	char key[64];
	json_t *v, *e;
	size_t i;

	if (n >= sizeof(key))
		return 0;
	memcpy(key, name, n);
	key[n] = '\0';
	if ((v = json_object_get(data, key)) == NULL)
		return 0;
	if (json_is_string(v)) {
		as_text_puts(b, json_string_value(v));
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			if (i)
				as_text_put(b, ", ", 2);
			if (json_is_string(e))
				as_text_puts(b, json_string_value(e));
		}
	} else {
		char *t = as_json_write(v, JSON_COMPACT | JSON_ENCODE_ANY, NULL);
		if (t != NULL)
			as_text_puts(b, t);
		free(t);
	}
	return 1;
}

/* Expands tpl up to its end or a ']' at this level; returns where it
 * stopped and sets *ok to 0 if a field was missing. */
static const char *
expand(as_text *b, const char *tpl, const json_t *data, int *ok)
{
	while (*tpl != '\0' && *tpl != ']') {
		if (*tpl == '{') {
			const char *end = strchr(tpl, '}');
			if (end == NULL)
				break;
			if (!put_field(b, data, tpl + 1, (size_t)(end - tpl - 1)))
				*ok = 0;
			tpl = end + 1;
		} else if (*tpl == '[') {
			as_text sub = { 0 };
			int sub_ok = 1;
			tpl = expand(&sub, tpl + 1, data, &sub_ok);
			if (*tpl == ']')
				tpl++;
			if (sub.oom)
				as_text_fail(b);
			else if (sub_ok)
				as_text_put(b, sub.s, sub.len);
			as_text_free(&sub);
		} else {
			size_t n = strcspn(tpl, "{[]");
			as_text_put(b, tpl, n);
			tpl += n;
		}
	}
	return tpl;
}

char *
as_event_summary(const as_event *ev)
{
	const as_event_type *t = as_event_type_find(ev->type, 0);
	as_text b = { 0 };
	int ok = 1;

	if (t == NULL)
		as_text_puts(&b, ev->type);
	else
		expand(&b, t->summary, ev->data, &ok);
	return as_text_take(&b);
}
