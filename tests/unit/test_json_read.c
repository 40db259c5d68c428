/*
 * The JSON reader (core/json_read.h) against jansson's json_loadb with
 * JSON_DECODE_ANY | JSON_REJECT_DUPLICATES: a table of texts, every line
 * of the bundled cases, and random edits of them, each accepted by both
 * into equal values or refused by both. Then the out-of-memory loop:
 * with the Nth allocation failing, the reader says so and leaks nothing
 * (json_loadb, in the same loop, asserts or drops a byte: json_read.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/json_read.h"
#include "unit/check.h"

static const struct {
	const char	*text;
	size_t		 len;	/* 0: strlen */
	int		 ok;	/* 1 if it must be read */
} texts[] = {
	{ "{}", 0, 1 }, { "[]", 0, 1 }, { " \t\r\n[ ] \n", 0, 1 },
	{ "0", 0, 1 }, { "-0", 0, 1 }, { "17", 0, 1 }, { "1.5", 0, 1 },
	{ "-1.5e-3", 0, 1 }, { "1E+2", 0, 1 }, { "2e0", 0, 1 },
	{ "9223372036854775807", 0, 1 }, { "-9223372036854775808", 0, 1 },
	{ "1e308", 0, 1 }, { "1e-400", 0, 1 }, { "0.1", 0, 1 },
	{ "123456789012345678901234567890.5", 0, 1 },
	{ "\"\"", 0, 1 }, { "\"a\\u00e9\\ud83d\\ude00\\n\\t\\\"\\/\\\\\\b\\f\\r\"",
	  0, 1 }, { "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x7f\"", 0, 1 },
	{ "{\"a\":[1,{\"b\":null}],\"c\":true,\"d\":false,\"\":\"\"}", 0, 1 },
	{ "{\"k\":1,\"K\":2}", 0, 1 }, { "true", 0, 1 }, { "null", 0, 1 },
	{ "[1,\"a\",[],{}]", 0, 1 }, { "\"\\uD834\\uDD1E\"", 0, 1 },
	{ "", 0, 0 }, { " ", 0, 0 }, { "{", 0, 0 }, { "[1,]", 0, 0 },
	{ "{\"a\":1,}", 0, 0 }, { "{\"a\" 1}", 0, 0 }, { "{\"a\":1 \"b\":2}", 0, 0 },
	{ "{1:2}", 0, 0 }, { "01", 0, 0 }, { "-01", 0, 0 }, { "-", 0, 0 },
	{ "1.", 0, 0 }, { ".5", 0, 0 }, { "1e", 0, 0 }, { "1e+", 0, 0 },
	{ "+1", 0, 0 }, { "9223372036854775808", 0, 0 },
	{ "-9223372036854775809", 0, 0 }, { "1e400", 0, 0 }, { "-1e400", 0, 0 },
	{ "\"\\u0000\"", 0, 0 }, { "{\"\\u0000\":1}", 0, 0 },
	{ "\"\\ud800\"", 0, 0 }, { "\"\\udc00\"", 0, 0 },
	{ "\"\\ud800\\u0041\"", 0, 0 }, { "\"\\ud800\\\"", 0, 0 },
	{ "\"\\x\"", 0, 0 }, { "\"\\u12\"", 0, 0 }, { "\"\\u12g4\"", 0, 0 },
	{ "\"a", 0, 0 }, { "\"a\\", 0, 0 }, { "\"tab\there\"", 0, 0 },
	{ "\"\xc3\"", 0, 0 }, { "\"\xc0\xaf\"", 0, 0 }, { "\"\xed\xa0\x80\"", 0, 0 },
	{ "\"\xf4\x90\x80\x80\"", 0, 0 }, { "\"\xe0\x80\xaf\"", 0, 0 },
	{ "\"\xf0\x80\x80\xaf\"", 0, 0 }, { "\"\xff\"", 0, 0 }, { "\"\x80\"", 0, 0 },
	{ "\xc3\xa9", 0, 0 }, { "tru", 0, 0 }, { "nul", 0, 0 }, { "truex", 0, 0 },
	{ "true1", 0, 0 }, { "True", 0, 0 }, { "NaN", 0, 0 }, { "Infinity", 0, 0 },
	{ "{\"a\":1,\"a\":2}", 0, 0 }, { "{\"a\":{\"b\":1,\"b\":1}}", 0, 0 },
	{ "[1] 2", 0, 0 }, { "{} x", 0, 0 }, { "[1]\0", 4, 0 }, { "\0", 1, 0 },
	{ "[\"a\0\"]", 6, 0 }, { "\"\\u00e9\" ", 0, 1 },
};

/* Reads text both ways: 1 if both read it to equal values, 0 if both
 * refuse it, -1 if they disagree. */
static int
both(const char *text, size_t len, const char *what)
{
	as_error err[1];
	json_error_t je;
	json_t *a, *b;
	enum as_json_status s = as_json_read(text, len, &a, err);
	int agree, rc;

	b = json_loadb(text, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (s == AS_JSON_OK && b != NULL) {
		char *da = json_dumps(a, JSON_ENCODE_ANY | JSON_SORT_KEYS);
		char *db = json_dumps(b, JSON_ENCODE_ANY | JSON_SORT_KEYS);
		agree = json_equal(a, b) && da && db && strcmp(da, db) == 0;
		rc = agree ? 1 : -1;
		free(da);
		free(db);
	} else {
		agree = s != AS_JSON_OK && b == NULL && s == AS_JSON_MALFORMED &&
		    a == NULL && strncmp(err->msg, "line ", 5) == 0;
		rc = agree ? 0 : -1;
	}
	if (!agree)
		fprintf(stderr, "%s: '%.*s': reader %d (%s), jansson %s (%s)\n",
		    what, (int)(len < 80 ? len : 80), text, s,
		    s ? err->msg : "read",
		    b ? "read" : "refused", b ? "" : je.text);
	json_decref(a);
	json_decref(b);
	return rc;
}

static void
table(void)
{
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		size_t len = texts[i].len ? texts[i].len : strlen(texts[i].text);
		CHECK(both(texts[i].text, len, "table") == texts[i].ok);
	}
}

/* Nesting: jansson's limit, counted as it counts it. */
static void
depth(void)
{
	size_t n = JSON_PARSER_MAX_DEPTH + 1;
	char *s = malloc(2 * n + 2);

	for (size_t d = n - 2; d <= n; d++) {
		memset(s, '[', d);
		memset(s + d, ']', d);
		CHECK(both(s, 2 * d, "depth") == (d <= JSON_PARSER_MAX_DEPTH));
		memset(s, '[', d - 1);
		s[d - 1] = '1';
		memset(s + d, ']', d - 1);
		CHECK(both(s, 2 * d - 1, "depth") == (d <= JSON_PARSER_MAX_DEPTH));
	}
	free(s);
}

static char **lines;
static size_t nlines;

static void
read_lines(const char *path)
{
	char full[4096], *line = NULL;
	const char *root = getenv("ASSENT_ROOT");
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	snprintf(full, sizeof(full), "%s/%s", root ? root : ".", path);
	if ((f = fopen(full, "r")) == NULL) {
		perror(full);
		exit(2);
	}
	while ((len = getline(&line, &cap, f)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		lines = realloc(lines, (nlines + 1) * sizeof(*lines));
		lines[nlines++] = strdup(line);
	}
	free(line);
	fclose(f);
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Random edits of the case lines: a byte replaced (often by one that
 * matters to JSON), deleted, inserted, or a span repeated. */
static void
edits(void)
{
	static const char bytes[] = "{}[]\",:\\u0123456789eE.-+ tfnlr\x01\x80\xc3\xff";
	size_t n = 0, disagree = 0, read = 0;
	char *buf = malloc(1 << 16);

	for (size_t k = 0; k < 30000; k++) {
		const char *src = lines[next() % nlines];
		size_t len = strlen(src), at, span;
		if (len + 64 > (1 << 16))
			continue;
		memcpy(buf, src, len);
		for (int e = 0, m = 1 + (int)(next() % 3); e < m; e++) {
			at = len ? next() % len : 0;
			switch (next() % 4) {
			case 0:
				buf[at] = next() % 2 ? bytes[next() % (sizeof(bytes) - 1)] :
				    (char)(next() & 0xFF);
				break;
			case 1:
				if (len > 0) {
					memmove(buf + at, buf + at + 1, len - at - 1);
					len--;
				}
				break;
			case 2:
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = bytes[next() % (sizeof(bytes) - 1)];
				len++;
				break;
			default:
				span = next() % 16;
				if (at + span <= len && len + span < (1 << 16) - 64) {
					memmove(buf + at + span, buf + at, len - at);
					len += span;
				}
			}
		}
		int rc = both(buf, len, "edit");
		disagree += rc < 0;
		read += rc > 0;
		n++;
	}
	printf("%zu edits: %zu read by both, %zu disagreements\n", n, read,
	    disagree);
	CHECK(disagree == 0);
	CHECK(read > 0 && read < n);
	free(buf);
}

#include "unit/faulty_alloc.h"

static void
out_of_memory(const char *text)
{
	as_error err[1];
	json_t *want = json_loads(text, 0, NULL), *v;

	for (persistent = 0; persistent <= 1; persistent++) {
		long n, wrong = 0;
		for (n = 1; ; n++) {
			count = 0;
			failed = 0;
			fail_at = n;
			as_set_allocator(faulty_malloc, faulty_realloc);
			enum as_json_status s = as_json_read(text, strlen(text), &v,
			    err);
			as_set_allocator(NULL, NULL);
			fail_at = 0;
			if (s == AS_JSON_OK)
				wrong += !json_equal(v, want);
			else
				wrong += s != AS_JSON_NOMEM || v != NULL || !failed ||
				    strcmp(err->msg, "out of memory") != 0;
			json_decref(v);
			if (!failed)
				break;
		}
		printf("out of memory, %s: %ld allocation points, %ld wrong\n",
		    persistent ? "persistent" : "transient", n - 1, wrong);
		CHECK(n > 10);
		CHECK(wrong == 0);
	}
	json_decref(want);
}

int
main(void)
{
	static const char *const files[] = { "data/nato/nato-2024.case",
	    "data/nato/silence-2003.case", "data/unsc/unsc.case",
	    "data/eu-council/eu-council.case", "fuzz/corpus/all-types",
	    "fuzz/corpus/rules", "fuzz/corpus/bad-lines", NULL };
	size_t i, agree = 0;

	table();
	depth();
	for (i = 0; files[i] != NULL; i++)
		read_lines(files[i]);
	for (i = 0; i < nlines; i++)
		agree += both(lines[i], strlen(lines[i]), "line") >= 0;
	printf("%zu case lines, %zu read alike\n", nlines, agree);
	CHECK(nlines > 100 && agree == nlines);
	edits();
	out_of_memory(lines[0]);
	out_of_memory("{\"a\":[1,2.5,\"x\\u00e9\",{\"b\":null,\"c\":[true,false]}],"
	    "\"d\":\"a longer string than sixteen bytes\",\"e\":-12e-3}");
	for (i = 0; i < nlines; i++)
		free(lines[i]);
	free(lines);
	return check_done();
}
