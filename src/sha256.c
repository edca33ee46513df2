/* SPDX-License-Identifier: ISC */
#include <string.h>

#include "sha256.h"

/*
 * SHA-256 written from FIPS 180-4, section 6.2.  It is small enough to
 * carry, and carrying it keeps the identity hash free of any crypto
 * library's presence or version.
 */

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

static void	sha256_block(struct sha256 *, const uint8_t *);

#define ROTR(x, n)	(((x) >> (n)) | ((x) << (32 - (n))))

/* Mix one 64-byte block into the state. */
static void
sha256_block(struct sha256 *ctx, const uint8_t *p)
{
	uint32_t	w[64], a, b, c, d, e, f, g, h, s0, s1, t1, t2;
	int		i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = ctx->h[0]; b = ctx->h[1]; c = ctx->h[2]; d = ctx->h[3];
	e = ctx->h[4]; f = ctx->h[5]; g = ctx->h[6]; h = ctx->h[7];
	for (i = 0; i < 64; i++) {
		s1 = ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25);
		t1 = h + s1 + ((e & f) ^ (~e & g)) + sha256_k[i] + w[i];
		s0 = ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22);
		t2 = s0 + ((a & b) ^ (a & c) ^ (b & c));
		h = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	ctx->h[0] += a; ctx->h[1] += b; ctx->h[2] += c; ctx->h[3] += d;
	ctx->h[4] += e; ctx->h[5] += f; ctx->h[6] += g; ctx->h[7] += h;
}

/* Start a new digest. */
void
sha256_init(struct sha256 *ctx)
{
	static const uint32_t	iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(ctx->h, iv, sizeof iv);
	ctx->nbytes = 0;
	ctx->nblock = 0;
}

/* Feed len bytes. */
void
sha256_update(struct sha256 *ctx, const void *data, size_t len)
{
	const uint8_t	*p = data;
	size_t		 n;

	ctx->nbytes += len;
	while (len > 0) {
		n = sizeof ctx->block - ctx->nblock;
		if (n > len)
			n = len;
		memcpy(ctx->block + ctx->nblock, p, n);
		ctx->nblock += n;
		p += n;
		len -= n;
		if (ctx->nblock == sizeof ctx->block) {
			sha256_block(ctx, ctx->block);
			ctx->nblock = 0;
		}
	}
}

/* Pad, finish and write the 32-byte digest. */
void
sha256_final(struct sha256 *ctx, uint8_t digest[SHA256_DIGEST_LEN])
{
	static const uint8_t	pad[64] = { 0x80 };
	uint64_t		bits = ctx->nbytes * 8;
	uint8_t			len[8];
	int			i;

	/* 0x80, then zeros up to 56 bytes into a block. */
	sha256_update(ctx, pad, ctx->nblock < 56 ? 56 - ctx->nblock :
	    120 - ctx->nblock);
	for (i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_update(ctx, len, 8);
	for (i = 0; i < 8; i++) {
		digest[4 * i] = (uint8_t)(ctx->h[i] >> 24);
		digest[4 * i + 1] = (uint8_t)(ctx->h[i] >> 16);
		digest[4 * i + 2] = (uint8_t)(ctx->h[i] >> 8);
		digest[4 * i + 3] = (uint8_t)ctx->h[i];
	}
}

/* The first 64 bits, big-endian. */
uint64_t
sha256_u64(const uint8_t digest[SHA256_DIGEST_LEN])
{
	uint64_t	h = 0;
	int		i;

	for (i = 0; i < 8; i++)
		h = h << 8 | digest[i];
	return h;
}

/* The first n bytes in hex. */
void
sha256_hex(const uint8_t digest[SHA256_DIGEST_LEN], size_t n, char *out)
{
	static const char	hex[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < n && i < SHA256_DIGEST_LEN; i++) {
		*out++ = hex[digest[i] >> 4];
		*out++ = hex[digest[i] & 0xf];
	}
	*out = '\0';
}
