/* Pages of a list (page.h). */
#include "core/page.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/event.h"

/* The longest cursor, with its NUL. */
#define CURSOR_MAX	(AS_CURSOR_FIELDS * (AS_ID_MAX + 1))

const as_page_list as_list_orgs = { "orgs", { "id", NULL } };
const as_page_list as_list_proposals = { "proposals", { "org", "id", NULL } };
const as_page_list as_list_members = { "members", { "code", NULL } };

int
as_page_take(as_page *p, size_t bytes)
{
	if (p->more || (p->max_items && p->n == p->max_items) ||
	    (p->max_bytes && p->n > 0 && p->bytes + bytes > p->max_bytes)) {
		p->more = 1;
		return 0;
	}
	p->n++;
	p->bytes += bytes;
	return 1;
}

int
as_page_cursor_ok(const as_page_list *pl, const char *s)
{
	char part[AS_ID_MAX + 1];
	const char *end;
	size_t i, len;

	for (i = 0; pl->fields[i] != NULL; i++) {
		end = pl->fields[i + 1] != NULL ? strchr(s, ':') : s + strlen(s);
		if (end == NULL || (len = (size_t)(end - s)) > AS_ID_MAX)
			return 0;
		memcpy(part, s, len);
		part[len] = '\0';
		if (!as_is_id(part))
			return 0;
		s = *end != '\0' ? end + 1 : end;
	}
	return 1;
}

struct keyed {
	char		 key[CURSOR_MAX];
	json_t		*item;
};

static int
by_key(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->key,
	    ((const struct keyed *)b)->key);
}

/* The cursor of item: its fields joined by ':'. */
static void
cursor_of(const as_page_list *pl, const json_t *item, char key[CURSOR_MAX])
{
	size_t len = 0;

	key[0] = '\0';
	for (size_t i = 0; pl->fields[i] != NULL; i++) {
		const char *v = json_string_value(json_object_get(item,
		    pl->fields[i]));
		int n = snprintf(key + len, CURSOR_MAX - len, "%s%.*s",
		    i > 0 ? ":" : "", AS_ID_MAX, v != NULL ? v : "");
		if (n > 0)
			len += (size_t)n;
	}
}

int
as_page_cut(const as_page_list *pl, json_t **j, const char *after,
    as_page *p)
{
	json_t *list = json_object_get(*j, pl->key), *page;
	size_t n = json_array_size(list), i, last = 0;
	struct keyed *k = NULL;

	if ((page = json_array()) == NULL ||
	    (n > 0 && (k = as_calloc(n, sizeof(*k))) == NULL))
		goto fail;
	for (i = 0; i < n; i++) {
		k[i].item = json_array_get(list, i);
		cursor_of(pl, k[i].item, k[i].key);
	}
	if (n > 0)
		qsort(k, n, sizeof(*k), by_key);
	for (i = 0; i < n; i++) {
		if (after != NULL && strcmp(k[i].key, after) <= 0)
			continue;
		if (!as_page_take(p, json_dumpb(k[i].item, NULL, 0,
		    JSON_COMPACT) + 1))
			break;
		if (json_array_append(page, k[i].item) != 0)
			goto fail;
		last = i;
	}
	if (json_object_set_new(*j, "next", p->more ?
	    json_string(k[last].key) : json_null()) != 0)
		goto fail;
	/* The page is the list's now, even if setting it failed. */
	if (json_object_set_new(*j, pl->key, page) != 0) {
		page = NULL;
		goto fail;
	}
	free(k);
	return 0;
fail:
	json_decref(page);
	free(k);
	json_decref(*j);
	*j = NULL;
	return -1;
}
