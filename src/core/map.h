/*
 * A string-keyed hash map of size_t values (indices into the arrays that
 * hold the entities). Keys are copied; the map owns its copies.
 */
#ifndef AS_MAP_H
#define AS_MAP_H

#include <stddef.h>

typedef struct as_map {
	char	**keys;
	size_t	 *vals;
	size_t	  cap;		/* a power of two, or 0 */
	size_t	  len;
} as_map;

/* Looks key up: returns 1 and stores its value in *val, or 0 if absent. */
int	as_map_get(const as_map *m, const char *key, size_t *val);

/* Sets key to val, adding it if absent. Returns 0, or -1 if out of memory
 * (never for a key already there). */
int	as_map_put(as_map *m, const char *key, size_t val);

/* Adds one to every value at or above from (an element inserted before
 * them). */
void	as_map_shift(as_map *m, size_t from);

/* Frees what the map holds and leaves it empty. as_map_free(NULL) is a no-op. */
void	as_map_free(as_map *m);

#endif
