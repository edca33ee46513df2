/* SPDX-License-Identifier: ISC */
/*
 * sha256: SHA-256 (FIPS 180-4).  feedd's article identities are the first
 * 64 bits of a SHA-256, so this must never change.
 */
#ifndef FEEDD_SHA256_H
#define FEEDD_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN	32

struct sha256 {
	uint32_t	h[8];
	uint64_t	nbytes;
	uint8_t		block[64];
	size_t		nblock;
};

void	sha256_init(struct sha256 *);
void	sha256_update(struct sha256 *, const void *, size_t);
void	sha256_final(struct sha256 *, uint8_t digest[SHA256_DIGEST_LEN]);
/* The first 64 bits of a digest, big-endian: how identities are read. */
uint64_t sha256_u64(const uint8_t digest[SHA256_DIGEST_LEN]);
/* The first n bytes of a digest as 2n hex digits and a NUL, into out. */
void	sha256_hex(const uint8_t digest[SHA256_DIGEST_LEN], size_t n,
	    char *out);

#endif
