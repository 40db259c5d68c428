/*
 * The hash chain. Each event's hash is BLAKE2b-256 over a domain tag, the
 * previous event's hash and the event's fields, each length-prefixed:
 *
 *   hash(n) = BLAKE2b-256("assent-ledger-v1" || hash(n-1) || seq ||
 *             len|date || len|recorded || len|actor || len|type || len|data)
 *
 * with hash(0) = 32 zero bytes, seq and lengths as 8-byte big-endian.
 */
#ifndef AS_CHAIN_H
#define AS_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

/* Computes the hash of ev chained after prev into out. */
void	as_chain_hash(const as_event *ev, const uint8_t prev[AS_HASH_LEN],
	    uint8_t out[AS_HASH_LEN]);

/* Writes n bytes as 2n lowercase hex digits and a NUL into out. */
void	as_hex(const uint8_t *b, size_t n, char *out);

/* Reads exactly 2n hex digits; 0, or -1 if malformed. */
int	as_unhex(const char *s, uint8_t *out, size_t n);

#endif
