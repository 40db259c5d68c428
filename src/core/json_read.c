/*
 * A JSON reader that stays safe when an allocation fails: see
 * json_read.h. One allocation of its own (a scratch buffer as long as the
 * text, for decoded strings and number tokens, used as a stack: a key
 * waits there while its value is read); every value is built with
 * jansson's constructors, each checked.
 */
#include "core/alloc.h"
#include "core/event.h"
#include "core/json_read.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
	const unsigned char	*start, *p, *end;
	char			*buf;	/* len + 1 bytes: room for every key on
					 * the path and the token being read */
	size_t			 top;	/* first free byte of buf */
	size_t			 depth;
	enum as_json_status	 status;
	as_error *err;
} reader;

static int
malformed(reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "line L, column C: what" (C counts bytes from 1); returns -1. */
static int
malformed(reader *r, const char *fmt, ...)
{
	const unsigned char *s, *line_start = r->start;
	char msg[AS_ERR_MAX / 2];
	size_t line = 1;
	va_list ap;

	for (s = r->start; s < r->p; s++)
		if (*s == '\n') {
			line++;
			line_start = s + 1;
		}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->status = AS_JSON_MALFORMED;
	return as_err(r->err, "line %zu, column %zu: %s", line,
	    (size_t)(r->p - line_start) + 1, msg);
}

static int
nomem(reader *r)
{
	r->status = AS_JSON_NOMEM;
	return as_nomem(r->err, NULL);
}

static int
at(const reader *r, int c)
{
	return r->p < r->end && *r->p == c;
}

static int
digit_at(const unsigned char *p, const unsigned char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

static void
skip_ws(reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
	    *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

/*
 * The length of the UTF-8 sequence at p (n bytes available), checked as
 * jansson checks it: no overlong form, no surrogate, nothing past
 * U+10FFFF; 0 if it is not one.
 */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
		cp = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		cp = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

/* Writes code point cp as UTF-8 at out; returns its length. */
static size_t
utf8_put(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The four hex digits after "\u" at p; -1 if they are not there. */
static int
hex4(const unsigned char *p, const unsigned char *end, uint32_t *v)
{
	*v = 0;
	if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
		return -1;
	for (int i = 2; i < 6; i++) {
		int c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' :
		    c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		*v = *v << 4 | (uint32_t)d;
	}
	return 0;
}

/*
 * The string whose opening quote is at r->p, decoded into buf at top and
 * ended with a NUL (never longer than its text: an escape is never shorter
 * than what it stands for); its length in *n.
 */
static int
read_string(reader *r, size_t *n)
{
	static const char escapes[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
	char *out = r->buf + r->top;
	const char *e;
	size_t k = 0, u;
	uint32_t cp, lo;

	r->p++;
	for (;;) {
		if (r->p >= r->end)
			return malformed(r, "unterminated string");
		unsigned char c = *r->p;
		if (c == '"')
			break;
		if (c < 0x20)
			return malformed(r, "control character 0x%02x in a string",
			    c);
		if (c != '\\') {
			if ((u = utf8_len(r->p, (size_t)(r->end - r->p))) == 0)
				return malformed(r, "invalid UTF-8");
			memcpy(out + k, r->p, u);
			k += u;
			r->p += u;
			continue;
		}
		if (r->end - r->p < 2)
			return malformed(r, "unterminated string");
		c = r->p[1];
		if (c == 'u') {
			if (hex4(r->p, r->end, &cp) != 0)
				return malformed(r, "invalid \\u escape");
			if (cp >= 0xDC00 && cp <= 0xDFFF)
				return malformed(r, "lone surrogate \\u%04X", cp);
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (hex4(r->p + 6, r->end, &lo) != 0 ||
				    lo < 0xDC00 || lo > 0xDFFF)
					return malformed(r, "lone surrogate \\u%04X",
					    cp);
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				r->p += 6;
			}
			if (cp == 0)
				return malformed(r, "\\u0000 in a string");
			r->p += 6;
			k += utf8_put(cp, out + k);
			continue;
		}
		for (e = escapes; *e != '\0' && *e != (char)c; e += 2)
			;
		if (*e == '\0')
			return malformed(r, "invalid escape");
		out[k++] = e[1];
		r->p += 2;
	}
	r->p++;
	out[k] = '\0';
	*n = k;
	return 0;
}

/* A number: an integer as json_int_t, else a real, as jansson reads them. */
static int
read_number(reader *r, json_t **v)
{
	const unsigned char *q = r->p;
	char *tok = r->buf + r->top;
	int real = 0;

	if (q < r->end && *q == '-')
		q++;
	if (q < r->end && *q == '0')
		q++;
	else if (digit_at(q, r->end))
		while (digit_at(q, r->end))
			q++;
	else
		return malformed(r, "invalid number");
	if (q < r->end && *q == '.') {
		real = 1;
		if (!digit_at(++q, r->end))
			return malformed(r, "invalid number");
		while (digit_at(q, r->end))
			q++;
	}
	if (q < r->end && (*q == 'e' || *q == 'E')) {
		real = 1;
		q++;
		if (q < r->end && (*q == '+' || *q == '-'))
			q++;
		if (!digit_at(q, r->end))
			return malformed(r, "invalid number");
		while (digit_at(q, r->end))
			q++;
	}
	memcpy(tok, r->p, (size_t)(q - r->p));
	tok[q - r->p] = '\0';
	errno = 0;
	if (!real) {
		long long i = strtoll(tok, NULL, 10);
		if (errno == ERANGE)
			return malformed(r, "integer out of range");
		*v = json_integer((json_int_t)i);
	} else {
		double d = strtod(tok, NULL);
		if (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL))
			return malformed(r, "number out of range");
		*v = json_real(d);
	}
	r->p = q;
	return *v == NULL ? nomem(r) : 0;
}

/* true, false or null (and no letter after it, as jansson reads words). */
static int
read_word(reader *r, json_t **v)
{
	static const char *const words[] = { "true", "false", "null", NULL };
	size_t i, n;

	for (i = 0; words[i] != NULL; i++) {
		n = strlen(words[i]);
		if ((size_t)(r->end - r->p) >= n &&
		    memcmp(r->p, words[i], n) == 0)
			break;
	}
	if (words[i] == NULL || (r->p + n < r->end &&
	    ((r->p[n] | 0x20) >= 'a' && (r->p[n] | 0x20) <= 'z')))
		return malformed(r, "invalid token");
	r->p += n;
	*v = i == 0 ? json_true() : i == 1 ? json_false() : json_null();
	return 0;
}

static int	read_value(reader *r, json_t **v);

static int
read_array(reader *r, json_t **v)
{
	json_t *a = json_array(), *e;

	if (a == NULL)
		return nomem(r);
	r->p++;
	skip_ws(r);
	if (at(r, ']')) {
		r->p++;
		*v = a;
		return 0;
	}
	for (;;) {
		if (read_value(r, &e) != 0)
			goto fail;
		if (json_array_append_new(a, e) != 0) {
			nomem(r);
			goto fail;
		}
		skip_ws(r);
		if (at(r, ',')) {
			r->p++;
			continue;
		}
		if (at(r, ']'))
			break;
		malformed(r, "expected ',' or ']'");
		goto fail;
	}
	r->p++;
	*v = a;
	return 0;
fail:
	json_decref(a);
	return -1;
}

static int
read_object(reader *r, json_t **v)
{
	json_t *o = json_object(), *e;
	size_t top = r->top, n;
	char *key;

	if (o == NULL)
		return nomem(r);
	r->p++;
	skip_ws(r);
	if (at(r, '}')) {
		r->p++;
		*v = o;
		return 0;
	}
	for (;;) {
		skip_ws(r);
		key = r->buf + r->top;
		if (!at(r, '"')) {
			malformed(r, "expected a key or '}'");
			goto fail;
		}
		if (read_string(r, &n) != 0)
			goto fail;
		if (json_object_getn(o, key, n) != NULL) {
			malformed(r, "duplicate key '%.64s'", key);
			goto fail;
		}
		r->top += n + 1;
		skip_ws(r);
		if (!at(r, ':')) {
			malformed(r, "expected ':'");
			goto fail;
		}
		r->p++;
		if (read_value(r, &e) != 0)
			goto fail;
		if (json_object_setn_new_nocheck(o, key, n, e) != 0) {
			nomem(r);
			goto fail;
		}
		r->top = top;
		skip_ws(r);
		if (at(r, ',')) {
			r->p++;
			continue;
		}
		if (at(r, '}'))
			break;
		malformed(r, "expected ',' or '}'");
		goto fail;
	}
	r->p++;
	*v = o;
	return 0;
fail:
	r->top = top;
	json_decref(o);
	return -1;
}

/* Any value; jansson's depth counts every value on the path. */
static int
read_value(reader *r, json_t **v)
{
	size_t n;
	int rc;

	*v = NULL;
	skip_ws(r);
	if (r->p >= r->end)
		return malformed(r, "unexpected end of text");
	if (++r->depth > JSON_PARSER_MAX_DEPTH)
		return malformed(r, "nested more than %d deep",
		    JSON_PARSER_MAX_DEPTH);
	switch (*r->p) {
	case '{':
		rc = read_object(r, v);
		break;
	case '[':
		rc = read_array(r, v);
		break;
	case '"':
		if ((rc = read_string(r, &n)) == 0 &&
		    (*v = json_stringn_nocheck(r->buf + r->top, n)) == NULL)
			rc = nomem(r);
		break;
	case 't':
	case 'f':
	case 'n':
		rc = read_word(r, v);
		break;
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			rc = read_number(r, v);
		else if (*r->p > 0x20 && *r->p < 0x7F)
			rc = malformed(r, "unexpected '%c'", *r->p);
		else
			rc = malformed(r, "unexpected byte 0x%02x", *r->p);
	}
	r->depth--;
	return rc;
}

enum as_json_status
as_json_read(const char *text, size_t len, json_t **v, as_error *err)
{
	reader r = { (const unsigned char *)text, (const unsigned char *)text,
	    (const unsigned char *)text + len, NULL, 0, 0, AS_JSON_OK, err };

	*v = NULL;
	if (text == NULL) {
		as_err(err, "no text");
		return AS_JSON_MALFORMED;
	}
	if (len == SIZE_MAX || (r.buf = as_malloc(len + 1)) == NULL) {
		nomem(&r);
		return AS_JSON_NOMEM;
	}
	if (read_value(&r, v) == 0) {
		skip_ws(&r);
		if (r.p != r.end) {
			malformed(&r, "text after the value");
			json_decref(*v);
			*v = NULL;
		}
	}
	free(r.buf);
	return r.status;
}
