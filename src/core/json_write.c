/* JSON text that is whole or nothing (json_write.h). */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/json_write.h"

char *
as_json_write(const json_t *j, size_t flags, size_t *len)
{
	unsigned long m = as_alloc_misses();
	char *text;

	/* jansson allocates through the core: a dump that met no failed
	 * allocation is whole; one that did may lack a part. */
	if (j == NULL || (text = json_dumps(j, flags)) == NULL)
		return NULL;
	if (as_alloc_misses() != m) {
		free(text);
		return NULL;
	}
	if (len != NULL)
		*len = strlen(text);
	return text;
}
