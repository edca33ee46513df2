/* SPDX-License-Identifier: ISC */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

/* The capped buffer: the cap holds, and a refused append changes nothing. */

static void
buf_add__past_cap__refused_and_unchanged(void **state)
{
	struct buf	b;

	buf_init(&b, 10);
	assert_int_equal(buf_adds(&b, "0123456789"), 0);
	assert_int_equal(buf_addc(&b, 'x'), -1);
	assert_int_equal(buf_add(&b, "yz", 2), -1);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(buf_printf(&b, "%d-%s", 42, "abcdefgh"), -1);
	assert_int_equal(buf_printf(&b, "%d-%s", 42, "abc"), 0);
	assert_string_equal(b.data, "42-abc");
	buf_free(&b);
}

static void
buf_printf__long_text__appended_whole(void **state)
{
	struct buf	 b;
	char		 big[1000];
	char		*data;
	size_t		 len;

	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_init(&b, BUF_NOLIMIT);
	assert_int_equal(buf_adds(&b, "<"), 0);
	assert_int_equal(buf_printf(&b, "%s>", big), 0);
	assert_int_equal(b.len, 1001);
	data = buf_release(&b, &len);
	assert_int_equal(len, 1001);
	assert_int_equal(data[1000], '>');
	assert_int_equal(data[1001], '\0');
	assert_null(b.data);
	free(data);
	data = buf_release(&b, &len);
	assert_int_equal(len, 0);
	assert_string_equal(data, "");
	free(data);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(buf_add__past_cap__refused_and_unchanged),
		cmocka_unit_test(buf_printf__long_text__appended_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
