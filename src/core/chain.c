/* The hash chain: see chain.h. */
#include "core/chain.h"

#include <string.h>

#include <sodium.h>

static void
put_u64(crypto_generichash_state *h, uint64_t v)
{
	uint8_t b[8];
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (uint8_t)v;
	crypto_generichash_update(h, b, sizeof(b));
}

static void
put_str(crypto_generichash_state *h, const char *s)
{
	size_t n = strlen(s);
	put_u64(h, n);
	crypto_generichash_update(h, (const uint8_t *)s, n);
}

void
as_chain_hash(const as_event *ev, const uint8_t prev[AS_HASH_LEN],
    uint8_t out[AS_HASH_LEN])
{
	static const char tag[] = "assent-ledger-v1";
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, AS_HASH_LEN);
	crypto_generichash_update(&h, (const uint8_t *)tag, sizeof(tag) - 1);
	crypto_generichash_update(&h, prev, AS_HASH_LEN);
	put_u64(&h, (uint64_t)ev->seq);
	put_str(&h, ev->date);
	put_str(&h, ev->recorded);
	put_str(&h, ev->actor);
	put_str(&h, ev->type);
	put_str(&h, ev->data_text);
	crypto_generichash_final(&h, out, AS_HASH_LEN);
}

void
as_hex(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
nibble(char c)
{
	return c >= '0' && c <= '9' ? c - '0' :
	    c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int
as_unhex(const char *s, uint8_t *out, size_t n)
{
	if (s == NULL || strlen(s) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}
