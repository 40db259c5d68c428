/*
 * A JSON reader that stays safe when an allocation fails. jansson's own
 * (json_loadb, 2.14) ignores a failed allocation of its token buffer
 * (lex_save in its load.c): the token then lacks a byte, and the lexer
 * either asserts or builds a string that is not the text's. This reader
 * accepts what json_loadb(JSON_DECODE_ANY | JSON_REJECT_DUPLICATES)
 * accepts, builds the same jansson values (through jansson's constructors,
 * so through the core's allocator once as_set_allocator has been called),
 * and refuses the same texts: invalid UTF-8, control characters and
 * \u0000 in strings, lone surrogates, duplicate keys, numbers out of
 * range, nesting deeper than JSON_PARSER_MAX_DEPTH, trailing text.
 */
#ifndef AS_JSON_READ_H
#define AS_JSON_READ_H

#include <stddef.h>

#include <jansson.h>
#include "core/error.h"

enum as_json_status {
	AS_JSON_OK = 0,
	AS_JSON_MALFORMED = -1,	/* not JSON: err says what, and where */
	AS_JSON_NOMEM = -2	/* out of memory: err says so */
};

/*
 * Reads the one JSON value that the len bytes at text hold (text need not
 * end with a NUL). Returns AS_JSON_OK with *v a new reference for the
 * caller; or another status with *v NULL and a one-line message in err
 * (AS_ERR_MAX bytes), e.g. "line 1, column 12: duplicate key 'seq'".
 */
enum as_json_status	as_json_read(const char *text, size_t len, json_t **v,
			    as_error *err);

#endif
