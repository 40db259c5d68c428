/*
 * One-line summaries of events, from the templates in the event type
 * table: "{field}" is the field's value (a list is joined with ", "), and
 * a "[...]" segment is dropped when a field inside it is absent.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/event.h"

typedef struct buf {
	char	*s;
	size_t	 len, cap;
} buf;

static void
put(buf *b, const char *s, size_t n)
{
	if (b->s == NULL)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = as_realloc(b->s, cap);
		if (p == NULL) {
			free(b->s);
			b->s = NULL;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Appends the value of field name; returns 0 if the field is absent. */
static int
put_field(buf *b, const json_t *data, const char *name, size_t n)
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
		put(b, json_string_value(v), strlen(json_string_value(v)));
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			if (i)
				put(b, ", ", 2);
			if (json_is_string(e))
				put(b, json_string_value(e), strlen(json_string_value(e)));
		}
	} else {
		char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (t != NULL)
			put(b, t, strlen(t));
		free(t);
	}
	return 1;
}

/* Expands tpl up to its end or a ']' at this level; returns where it
 * stopped and sets *ok to 0 if a field was missing. */
static const char *
expand(buf *b, const char *tpl, const json_t *data, int *ok)
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
			buf sub = { as_malloc(16), 0, 16 };
			int sub_ok = 1;
			if (sub.s != NULL)
				sub.s[0] = '\0';
			tpl = expand(&sub, tpl + 1, data, &sub_ok);
			if (*tpl == ']')
				tpl++;
			if (sub_ok && sub.s != NULL)
				put(b, sub.s, sub.len);
			free(sub.s);
		} else {
			size_t n = strcspn(tpl, "{[]");
			put(b, tpl, n);
			tpl += n;
		}
	}
	return tpl;
}

char *
as_event_summary(const as_event *ev)
{
	const as_event_type *t = as_event_type_find(ev->type, 0);
	buf b = { as_malloc(64), 0, 64 };
	int ok = 1;

	if (b.s == NULL)
		return NULL;
	b.s[0] = '\0';
	if (t == NULL)
		put(&b, ev->type, strlen(ev->type));
	else
		expand(&b, t->summary, ev->data, &ok);
	return b.s;
}
