/* JSON text that is whole or nothing (json_write.h). */
#include <stdint.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "core/json_write.h"

char *
as_json_write(const json_t *j, size_t flags, size_t *len)
{
	char probe[1], *text;
	size_t n;

	/* Measured first, then written into a buffer of that size. */
	if (j == NULL || (n = json_dumpb(j, probe, 0, flags)) == 0 ||
	    n == SIZE_MAX || (text = as_malloc(n + 1)) == NULL)
		return NULL;
	if (json_dumpb(j, text, n, flags) != n) {
		free(text);
		return NULL;
	}
	text[n] = '\0';
	if (len != NULL)
		*len = n;
	return text;
}
