/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "article.h"
#include "buf.h"
#include "fileio.h"
#include "sha256.h"

/* Tests of the article format, its names and the identity hash. */

#define REFERENCE	TEST_DATA "/000_0263b587192c9eae.txt"

static void
read_reference(struct buf *b)
{
	char	*cause = NULL;

	buf_init(b, ARTICLE_MAX_SIZE);
	if (file_read_at(AT_FDCWD, REFERENCE, b, &cause) == -1)
		fail_msg("%s: %s", REFERENCE, cause);
}

static void
article_parse__reference__writes_back_byte_for_byte(void **state)
{
	struct buf	in, out;
	struct article	a;
	char		*cause = NULL;

	read_reference(&in);
	assert_int_equal(article_parse(&a, in.data, in.len, &cause), 0);
	assert_string_equal(a.title, "Russia dismisses US allegations of plans "
	    "for false flag operation as pretext to invade Ukraine");
	assert_int_equal(a.date, 20220117);
	assert_string_equal(a.url, "https://thehill.com/policy/international/"
	    "589999-russia-dismisses-us-allegations-of-plans-for-false-flag-"
	    "operation-as");
	assert_int_equal(a.nbody, 9);
	assert_string_equal(a.body[8], "A U.S. official also confirmed the "
	    "Russian military is planning to start pretext activities several "
	    "weeks before a military invasion, which could occur between "
	    "mid-January and mid-February.");
	buf_init(&out, BUF_NOLIMIT);
	article_format(&a, &out);
	assert_int_equal(out.len, in.len);
	assert_memory_equal(out.data, in.data, in.len);
	article_free(&a);
	buf_free(&in);
	buf_free(&out);
}

#define HEAD	"Title\n20220117\nhttps://example.org/a\n"

static const struct {
	const char	*data;
	size_t		 len;	/* 0: strlen */
	const char	*cause;
} malformed[] = {
	{ "", 0, "line 1: missing title" },
	{ "Title\n", 0, "line 2: missing date" },
	{ "Title\n20220117\n", 0, "line 3: missing URL" },
	{ HEAD, 0, "line 4: missing body" },
	{ "\n20220117\nhttps://e.org/\nP\n", 0, "line 1: empty title" },
	{ "T\n2022-01-17\nhttps://e.org/\nP\n", 0,
	    "line 2: not a date in the form YYYYMMDD" },
	{ "T\n20220230\nhttps://e.org/\nP\n", 0,
	    "line 2: not a date in the form YYYYMMDD" },
	{ "T\n20210229\nhttps://e.org/\nP\n", 0,
	    "line 2: not a date in the form YYYYMMDD" },
	{ "T\n2022011\nhttps://e.org/\nP\n", 0,
	    "line 2: not a date in the form YYYYMMDD" },
	{ "T\n20221317\nhttps://e.org/\nP\n", 0,
	    "line 2: not a date in the form YYYYMMDD" },
	{ "T\n20220117\n/policy/a\nP\n", 0, "line 3: not an absolute URL" },
	{ "T\n20220117\nexample.org/a\nP\n", 0,
	    "line 3: not an absolute URL" },
	{ "T\n20220117\nhttps:///a\nP\n", 0, "line 3: not an absolute URL" },
	{ "T\n20220117\nhttps://e.org/a b\nP\n", 0,
	    "line 3: not an absolute URL" },
	{ HEAD "One\n\nTwo\n", 0, "line 5: empty body line" },
	{ HEAD "One\nTwo", 0, "line 5: no newline at end of file" },
	{ HEAD "caf\xc3\n", 0, "line 4: invalid UTF-8" },
	{ HEAD "\xc0\xaf\n", 0, "line 4: invalid UTF-8" },
	{ HEAD "\xed\xa0\x80\n", 0, "line 4: invalid UTF-8" },
	{ HEAD "\xf4\x90\x80\x80\n", 0, "line 4: invalid UTF-8" },
	{ HEAD "ok\nlatin-1 \xe9t\xe9\n", 0, "line 5: invalid UTF-8" },
	{ "Ti\0tle\n20220117\nhttps://e.org/\nP\n", 29, "line 1: NUL byte" },
	{ "Title\r\n20220117\nhttps://e.org/\nP\n", 0,
	    "line 1: carriage return" },
	{ HEAD "One\r\n", 0, "line 4: carriage return" },
	{ HEAD "bell\a\n", 0, "line 4: control character" },
	{ HEAD "tab\there\n", 0, "line 4: control character" },
	{ HEAD "del\x7f\n", 0, "line 4: control character" },
	{ HEAD "\xef\xbf\xbe\n", 0, "line 4: character not allowed in XML" },
};

static void
article_validate__malformed__names_line_and_reason(void **state)
{
	struct article	 a;
	size_t		 i, len;
	char		*cause;

	for (i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
		len = malformed[i].len ? malformed[i].len :
		    strlen(malformed[i].data);
		cause = NULL;
		if (article_parse(&a, malformed[i].data, len, &cause) != -1)
			fail_msg("case %zu accepted", i);
		if (strcmp(cause, malformed[i].cause) != 0)
			fail_msg("case %zu: \"%s\", want \"%s\"", i, cause,
			    malformed[i].cause);
		assert_null(a.title);
		free(cause);
	}
}

static void
article_parse__unicode_and_leap_day__accepted(void **state)
{
	const char	*s = "\xe2\x80\x9cQuoted\xe2\x80\x9d title\n20200229\n"
	    "http://example.org:8080/x?y=1#z\nUkraine\xe2\x80\x99s border\n"
	    "\xf0\x9f\x93\xb0 emoji and \xc3\xa9t\xc3\xa9\n";
	struct article	 a;
	char		*cause = NULL;

	assert_int_equal(article_parse(&a, s, strlen(s), &cause), 0);
	assert_int_equal(a.date, 20200229);
	assert_int_equal(a.nbody, 2);
	assert_string_equal(a.body[0], "Ukraine\xe2\x80\x99s border");
	article_free(&a);
}

static void
article_date_valid__calendar__knows_leap_years(void **state)
{
	assert_true(article_date_valid(20000229));
	assert_false(article_date_valid(19000229));
	assert_true(article_date_valid(20240229));
	assert_false(article_date_valid(20230229));
	assert_true(article_date_valid(19991231));
	assert_false(article_date_valid(19991232));
	assert_false(article_date_valid(20220017));
	assert_false(article_date_valid(20220100));
	assert_false(article_date_valid(101));
}

static void
article_date_time__dates__midnight_utc(void **state)
{
	assert_int_equal(article_date_time(19700101), 0);
	assert_int_equal(article_date_time(20220117), 1642377600);
	assert_int_equal(article_date_time(20000301), 951868800);
	assert_int_equal(article_date_time(19691231), -86400);
}

static void
article_name__round_trip__keeps_seq_and_hash(void **state)
{
	char		name[ARTICLE_NAME_SIZE];
	uint64_t	seq, hash;

	article_name(name, 0, 0x0263b587192c9eaeULL);
	assert_string_equal(name, "000_0263b587192c9eae.txt");
	article_name(name, 1234, 0xfULL);
	assert_string_equal(name, "1234_000000000000000f.txt");
	assert_int_equal(article_name_parse(name, &seq, &hash), 0);
	assert_int_equal(seq, 1234);
	assert_int_equal(hash, 0xf);
	assert_int_equal(article_name_parse("000_0263b587192c9eae.txt", &seq,
	    &hash), 0);
	assert_int_equal(hash, 0x0263b587192c9eaeULL);
}

static void
article_name_parse__not_names__rejected(void **state)
{
	static const char	*bad[] = {
		"00_0263b587192c9eae.txt",
		"000_0263B587192C9EAE.txt",
		"000_0263b587192c9ea.txt",
		"000_0263b587192c9eae0.txt",
		"000_0263b587192c9eae.txt.tmp",
		"000_0263b587192c9eae.TXT",
		"abc_0263b587192c9eae.txt",
		"000-0263b587192c9eae.txt",
		"_0263b587192c9eae.txt",
		"99999999999999999999_0263b587192c9eae.txt",
		"README",
		"",
	};
	uint64_t		 seq, hash;
	size_t			 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (article_name_parse(bad[i], &seq, &hash) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
	}
}

static uint64_t
first64(const void *data, size_t len)
{
	struct sha256	ctx;
	uint8_t		d[SHA256_DIGEST_LEN];
	uint64_t	h = 0;
	int		i;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, d);
	for (i = 0; i < 8; i++)
		h = h << 8 | d[i];
	return h;
}

static void
article_identity__definition__matches_feedd_article_5(void **state)
{
	uint64_t	legacy = 1;

	assert_int_equal(article_identity("hill", "guid-1", "https://x.org/",
	    "T", 20220117, &legacy), first64("feedd-id\0hill\0guid-1", 20));
	assert_int_equal(legacy, 0);
	assert_int_equal(article_identity("hill", NULL,
	    "HTTPS://Example.ORG:443", "T", 20220117, &legacy),
	    first64("feedd-srclink\0hill\0https://example.org/", 39));
	/* What versions before 0.2 made of a link: the store still finds it. */
	assert_int_equal(legacy, first64("feedd-link\0https://example.org/",
	    31));
	assert_int_equal(article_identity("hill", "  ", NULL, "A title",
	    20220117, &legacy), first64("feedd-title\0hill\0A title\0"
	    "20220117", 33));
	assert_int_equal(legacy, 0);
}

static void
article_identity__golden__never_changes(void **state)
{
	/*
	 * Collections outlive versions: these values were computed once, with
	 * Python's hashlib over the strings feedd-article(5) defines, and
	 * must stay.  A failure here means every collection would duplicate.
	 */
	uint64_t	legacy;

	assert_int_equal(article_identity("thehill-intl",
	    "https://thehill.com/?p=589999", NULL, NULL, 0, NULL),
	    0x6a409598bf0ea18dULL);
	assert_int_equal(article_identity("thehill-intl", NULL,
	    "https://thehill.com/policy/international/589999", NULL, 0,
	    &legacy), 0x8ed3b5c43fd8c1c1ULL);
	/* The link's identity of versions before 0.2, whatever the source. */
	assert_int_equal(legacy, 0x0a23b34f41a757bfULL);
	assert_int_equal(article_identity(NULL, NULL,
	    "https://thehill.com/policy/international/589999", NULL, 0,
	    &legacy), 0x639ba9a21ced89dfULL);
	assert_int_equal(legacy, 0x0a23b34f41a757bfULL);
	assert_int_equal(article_identity("s", NULL, NULL, "Hello", 20220117,
	    NULL), 0x7c0e2a6ca4260396ULL);
}

static void
article_identity__parts__qualify_as_documented(void **state)
{
	/* The same guid in two sources is two articles. */
	uint64_t	la, lb;

	assert_int_not_equal(article_identity("a", "1", NULL, NULL, 0, NULL),
	    article_identity("b", "1", NULL, NULL, 0, NULL));
	/* White space around an id does not count. */
	assert_int_equal(article_identity("a", " 1\n", NULL, NULL, 0, NULL),
	    article_identity("a", "1", NULL, NULL, 0, NULL));
	/* A link in two sources is two articles; one normalized link. */
	assert_int_not_equal(article_identity("a", NULL, "http://E.org",
	    NULL, 0, &la), article_identity("b", "", "http://e.org:80/", NULL,
	    0, &lb));
	assert_int_equal(article_identity("a", NULL, "http://E.org", NULL, 0,
	    NULL), article_identity("a", "", "http://e.org:80/", NULL, 0,
	    NULL));
	/* ... whose identity before 0.2 was one. */
	assert_int_equal(la, lb);
	/* The id wins over the link. */
	assert_int_not_equal(article_identity("a", "1", "http://e.org/", NULL,
	    0, NULL), article_identity("a", NULL, "http://e.org/", NULL, 0,
	    NULL));
	/* Title and date: the date counts. */
	assert_int_not_equal(article_identity("a", NULL, NULL, "T", 20220117,
	    NULL), article_identity("a", NULL, NULL, "T", 20220118, NULL));
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(article_parse__reference__writes_back_byte_for_byte),
		cmocka_unit_test(article_validate__malformed__names_line_and_reason),
		cmocka_unit_test(article_parse__unicode_and_leap_day__accepted),
		cmocka_unit_test(article_date_valid__calendar__knows_leap_years),
		cmocka_unit_test(article_date_time__dates__midnight_utc),
		cmocka_unit_test(article_name__round_trip__keeps_seq_and_hash),
		cmocka_unit_test(article_name_parse__not_names__rejected),
		cmocka_unit_test(article_identity__definition__matches_feedd_article_5),
		cmocka_unit_test(article_identity__golden__never_changes),
		cmocka_unit_test(article_identity__parts__qualify_as_documented),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
