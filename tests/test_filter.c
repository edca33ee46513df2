/* SPDX-License-Identifier: ISC */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "filter.h"
#include "normalize.h"

/*
 * keep_if and drop_if: how a rule is written, what it matches in an
 * item's title, body, URL and authors, and how keep and drop rules of
 * [feedd] and of a source decide together.
 */

/* An item: "Linux 6.9 released", two paragraphs, one author. */
static struct normalized *
item(struct normalized *n)
{
	static char		*body[] = { "The kernel is out.",
				    "Sponsored by ACME." };
	static struct feed_person person = { "Jo Bloggs", "jo@example.org",
				    NULL };

	memset(n, 0, sizeof *n);
	n->article.title = "Linux 6.9 released";
	n->article.url = "https://news.example.org/linux-6.9";
	n->article.body = body;
	n->article.nbody = 2;
	n->authors = &person;
	n->nauthors = 1;
	return n;
}

static void
filter_add__specs__bad_ones_named(void **state)
{
	struct filter	 f = { NULL, 0 };
	char		*cause = NULL;

	assert_int_equal(filter_add(&f, 0, "title: sponsor", &cause), 0);
	assert_int_equal(filter_add(&f, 1, "case body:ACME", &cause), 0);
	assert_int_equal(filter_add(&f, 0, "any: a|b", &cause), 0);
	assert_int_equal(f.n, 3);
	assert_string_equal(f.v[1].text, "case body:ACME");
	assert_int_equal(filter_add(&f, 0, "titel: x", &cause), -1);
	assert_non_null(strstr(cause, "\"titel\" is no field"));
	free(cause);
	assert_int_equal(filter_add(&f, 0, "no field here", &cause), -1);
	assert_non_null(strstr(cause, "is not FIELD: REGEX"));
	free(cause);
	assert_int_equal(filter_add(&f, 0, "title: (unclosed", &cause), -1);
	assert_non_null(strstr(cause, "\"(unclosed\": "));
	free(cause);
	assert_int_equal(filter_add(&f, 0, "url:   ", &cause), -1);
	free(cause);
	assert_int_equal(f.n, 3);
	filter_free(&f);
}

/* Whether the one rule spec, of kind keep, keeps the item. */
static int
one(int keep, const char *spec)
{
	struct filter			 f = { NULL, 0 };
	struct normalized		 n;
	const struct filter_rule	*why;
	char				*cause = NULL;
	int				 kept;

	assert_int_equal(filter_add(&f, keep, spec, &cause), 0);
	kept = filter_item(NULL, &f, item(&n), &why);
	assert_true(kept == keep ? why == &f.v[0] : why == NULL);
	filter_free(&f);
	return kept;
}

static void
filter_item__fields__each_matched(void **state)
{
	assert_false(one(0, "title: LINUX"));		/* no case */
	assert_true(one(0, "case title: LINUX"));
	assert_false(one(0, "body: sponsored by"));	/* any paragraph */
	assert_true(one(0, "title: sponsored"));
	assert_false(one(0, "url: ^https://news\\.example\\.org/"));
	assert_false(one(0, "author: ^jo@"));
	assert_false(one(0, "author: bloggs$"));
	assert_false(one(0, "any: acme"));
	assert_true(one(0, "any: nothing like it"));
	assert_true(one(1, "title: ^linux [0-9]"));
	assert_false(one(1, "title: bsd"));
}

/* [feedd]'s rules and a source's: keep first, then drop. */
static void
filter_item__all_and_own__keep_then_drop(void **state)
{
	struct filter			 all = { NULL, 0 }, own = { NULL, 0 };
	struct normalized		 n;
	const struct filter_rule	*why;
	char				*cause = NULL;

	item(&n);
	assert_true(filter_item(&all, &own, &n, &why));
	assert_null(why);
	assert_int_equal(filter_add(&own, 1, "title: bsd", &cause), 0);
	assert_false(filter_item(&all, &own, &n, &why));
	assert_null(why);			/* no keep_if matched */
	assert_int_equal(filter_add(&all, 1, "title: linux", &cause), 0);
	assert_true(filter_item(&all, &own, &n, &why));
	assert_string_equal(why->text, "title: linux");
	assert_int_equal(filter_add(&own, 0, "body: acme", &cause), 0);
	assert_false(filter_item(&all, &own, &n, &why));
	assert_string_equal(why->text, "body: acme");
	/* Without the source's rules, [feedd]'s keep_if alone keeps it. */
	assert_true(filter_item(&all, NULL, &n, &why));
	assert_string_equal(why->text, "title: linux");
	filter_free(&all);
	filter_free(&own);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(filter_add__specs__bad_ones_named),
		cmocka_unit_test(filter_item__fields__each_matched),
		cmocka_unit_test(filter_item__all_and_own__keep_then_drop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
