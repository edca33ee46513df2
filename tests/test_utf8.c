/* SPDX-License-Identifier: ISC */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

/* Strict UTF-8 decoding and the XML character range. */

static const struct {
	const char	*in;
	size_t		 len;	/* expected length; 0: invalid */
	uint32_t	 cp;
} decode_cases[] = {
	{ "A", 1, 0x41 },
	{ "\xc3\xa9", 2, 0xe9 },
	{ "\xe2\x80\x99", 3, 0x2019 },
	{ "\xf0\x9f\x93\xb0", 4, 0x1f4f0 },
	{ "\xf4\x8f\xbf\xbf", 4, 0x10ffff },
	{ "\x80", 0, 0 },		/* lone continuation */
	{ "\xc0\xaf", 0, 0 },		/* overlong "/" */
	{ "\xc1\xbf", 0, 0 },		/* overlong */
	{ "\xe0\x80\xaf", 0, 0 },	/* overlong, 3 bytes */
	{ "\xf0\x80\x80\xaf", 0, 0 },	/* overlong, 4 bytes */
	{ "\xed\xa0\x80", 0, 0 },	/* surrogate U+D800 */
	{ "\xed\xbf\xbf", 0, 0 },	/* surrogate U+DFFF */
	{ "\xf4\x90\x80\x80", 0, 0 },	/* U+110000 */
	{ "\xf5\x80\x80\x80", 0, 0 },
	{ "\xff", 0, 0 },
	{ "\xe2\x80", 0, 0 },		/* truncated */
	{ "\xe2\x28\xa1", 0, 0 },	/* bad continuation */
};

static void
utf8_decode__table__strict(void **state)
{
	uint32_t	cp;
	size_t		i, n;

	for (i = 0; i < sizeof decode_cases / sizeof decode_cases[0]; i++) {
		cp = 0;
		n = utf8_decode(decode_cases[i].in, strlen(decode_cases[i].in),
		    &cp);
		if (n != decode_cases[i].len)
			fail_msg("case %zu: length %zu, want %zu", i, n,
			    decode_cases[i].len);
		if (n != 0)
			assert_int_equal(cp, decode_cases[i].cp);
	}
}

static void
utf8_encode__every_scalar__round_trips(void **state)
{
	char		out[4];
	uint32_t	cp, back;
	size_t		n;

	for (cp = 0; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = utf8_encode(cp, out);
		if (utf8_decode(out, n, &back) != n || back != cp)
			fail_msg("U+%04X does not round-trip", cp);
	}
	n = utf8_encode(0xd800, out);
	assert_int_equal(n, 3);
	assert_memory_equal(out, "\xef\xbf\xbd", 3);
}

static void
utf8_is_xml_char__boundaries__as_xml_1_0(void **state)
{
	assert_true(utf8_is_xml_char(0x9));
	assert_true(utf8_is_xml_char(0xa));
	assert_true(utf8_is_xml_char(0xd));
	assert_false(utf8_is_xml_char(0x0));
	assert_false(utf8_is_xml_char(0x1));
	assert_false(utf8_is_xml_char(0x1f));
	assert_true(utf8_is_xml_char(0x20));
	assert_true(utf8_is_xml_char(0xd7ff));
	assert_false(utf8_is_xml_char(0xd800));
	assert_true(utf8_is_xml_char(0xe000));
	assert_true(utf8_is_xml_char(0xfffd));
	assert_false(utf8_is_xml_char(0xfffe));
	assert_false(utf8_is_xml_char(0xffff));
	assert_true(utf8_is_xml_char(0x10000));
	assert_true(utf8_is_xml_char(0x10ffff));
	assert_false(utf8_is_xml_char(0x110000));
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(utf8_decode__table__strict),
		cmocka_unit_test(utf8_encode__every_scalar__round_trips),
		cmocka_unit_test(utf8_is_xml_char__boundaries__as_xml_1_0),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
