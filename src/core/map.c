/* A string-keyed open-addressing hash map: see map.h. */
#include "core/alloc.h"
#include "core/map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The slot that holds key, or the empty slot where it would go. */
static size_t
slot(const as_map *m, const char *key)
{
	size_t i = hash(key) & (m->cap - 1);
	while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

int
as_map_get(const as_map *m, const char *key, size_t *val)
{
	size_t i;

	if (m->cap == 0)
		return 0;
	i = slot(m, key);
	if (m->keys[i] == NULL)
		return 0;
	*val = m->vals[i];
	return 1;
}

static int
grow(as_map *m)
{
	as_map n = { NULL, NULL, m->cap ? m->cap * 2 : 16, m->len };

	if ((n.keys = as_calloc(n.cap, sizeof(*n.keys))) == NULL ||
	    (n.vals = as_calloc(n.cap, sizeof(*n.vals))) == NULL) {
		free(n.keys);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i] == NULL)
			continue;
		size_t j = slot(&n, m->keys[i]);
		n.keys[j] = m->keys[i];
		n.vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	*m = n;
	return 0;
}

int
as_map_put(as_map *m, const char *key, size_t val)
{
	size_t i;

	/* A key already there is set without allocating. */
	if (m->cap > 0 && m->keys[i = slot(m, key)] != NULL) {
		m->vals[i] = val;
		return 0;
	}
	if ((m->len + 1) * 2 > m->cap && grow(m) != 0)
		return -1;
	i = slot(m, key);
	if (m->keys[i] == NULL) {
		if ((m->keys[i] = as_strdup(key)) == NULL)
			return -1;
		m->len++;
	}
	m->vals[i] = val;
	return 0;
}

void
as_map_free(as_map *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

void
as_map_shift(as_map *m, size_t from)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i] != NULL && m->vals[i] >= from)
			m->vals[i]++;
}
