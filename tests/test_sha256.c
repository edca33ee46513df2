/* SPDX-License-Identifier: ISC */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sha256.h"

/* SHA-256 against the examples of FIPS 180-4 and NIST's test vectors. */

static void
hex(const uint8_t *d, char out[65])
{
	int	i;

	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void
digest_of(const char *s, size_t len, size_t chunk, char out[65])
{
	struct sha256	ctx;
	uint8_t		d[SHA256_DIGEST_LEN];
	size_t		i, n;

	sha256_init(&ctx);
	for (i = 0; i < len; i += n) {
		n = len - i < chunk ? len - i : chunk;
		sha256_update(&ctx, s + i, n);
	}
	sha256_final(&ctx, d);
	hex(d, out);
}

static const struct {
	const char	*in;
	const char	*out;
} vectors[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
	  "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

static void
sha256__fips_vectors__match_in_any_chunking(void **state)
{
	char	out[65];
	size_t	i, chunk;

	for (i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		for (chunk = 1; chunk <= 65; chunk += 7) {
			digest_of(vectors[i].in, strlen(vectors[i].in), chunk,
			    out);
			assert_string_equal(out, vectors[i].out);
		}
	}
}

/* Inputs that end at each edge of the padding, from Python's hashlib. */
static const struct {
	size_t		 len;
	const char	*out;
} a_vectors[] = {
	{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
	{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
	{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
	{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
	{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
	{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
};

static void
sha256__a_runs_at_padding_edges__match(void **state)
{
	char	a[128], out[65];
	size_t	i;

	memset(a, 'a', sizeof a);
	for (i = 0; i < sizeof a_vectors / sizeof a_vectors[0]; i++) {
		digest_of(a, a_vectors[i].len, 13, out);
		assert_string_equal(out, a_vectors[i].out);
	}
}

static void
sha256__million_a__matches(void **state)
{
	static char	a[1000000];
	char		out[65];

	memset(a, 'a', sizeof a);
	digest_of(a, sizeof a, 4096, out);
	assert_string_equal(out,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(sha256__fips_vectors__match_in_any_chunking),
		cmocka_unit_test(sha256__a_runs_at_padding_edges__match),
		cmocka_unit_test(sha256__million_a__matches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
