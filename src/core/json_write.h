/*
 * JSON text that is whole or nothing. jansson's json_dumps (2.14) can,
 * out of memory, drop a key and go on (its do_dump ignores the result of
 * dump_string into its growing buffer), giving a wrong text rather than
 * NULL. jansson allocates through the core (alloc.h), which counts the
 * allocations that fail: a dump during which none failed is whole. Every
 * text the core and the server make of a value comes from here.
 */
#ifndef AS_JSON_WRITE_H
#define AS_JSON_WRITE_H

#include <stddef.h>

#include <jansson.h>

/* The text of j with jansson's flags: a NUL-terminated string the caller
 * frees (its length in *len if len is not NULL), or NULL out of memory. */
char	*as_json_write(const json_t *j, size_t flags, size_t *len);

#endif
