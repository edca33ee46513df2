/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "article.h"
#include "buf.h"
#include "fileio.h"
#include "meta.h"
#include "normalize.h"
#include "store.h"
#include "tmpdir.h"

/*
 * The store on a real folder: dedup by identity and by link, across a
 * close and an open, with and without the index file, and an index that
 * is stale, damaged or missing.
 */

/* A one-paragraph article i, dated date, at SCHEME://example.org/i. */
struct test_article {
	struct article	 a;
	char		 title[32], url[64], *body[1];
};

static struct article *
article_of(struct test_article *t, int i, uint32_t date, const char *scheme)
{
	snprintf(t->title, sizeof t->title, "Title %d", i);
	snprintf(t->url, sizeof t->url, "%s://example.org/%d", scheme, i);
	t->body[0] = t->title;
	t->a.title = t->title;
	t->a.date = date;
	t->a.url = t->url;
	t->a.body = t->body;
	t->a.nbody = 1;
	return &t->a;
}

/* The store item of article a of source src, identity hash. */
static struct store_item *
item_of(struct store_item *it, struct article *a, const char *src,
    uint64_t hash)
{
	memset(it, 0, sizeof *it);
	it->hash = hash;
	it->source = src;
	it->link = a->url;
	it->article = a;
	it->dated = 1;
	it->when = 1640995200 + (int64_t)(hash & 0xffff);
	return it;
}

/* Stage article i of source src without committing it. */
static void
stage_of(struct store *st, const char *src, int i, uint32_t date,
    enum store_result want)
{
	struct test_article	 t;
	struct store_item	 it;
	enum store_result	 res;
	char			*cause = NULL;

	item_of(&it, article_of(&t, i, date, "https"), src,
	    0x1000 + (uint64_t)i);
	assert_int_equal(store_add(st, &it, &res, &cause), 0);
	assert_int_equal(res, want);
}

/*
 * Stage article i of source src with metadata: the category cat, an
 * author, an enclosure and a published time; expect want.
 */
static void
stage_meta(struct store *st, const char *src, int i, uint32_t date,
    char *cat, enum store_result want)
{
	struct test_article	 t;
	struct store_item	 it;
	struct normalized	 n;
	struct feed_category	 c = { cat, "https://example.org/tags", NULL };
	struct feed_person	 p = { "Jo Bloggs", NULL, NULL };
	struct feed_enclosure	 e = { "https://example.org/a b.mp3",
				    "audio/mpeg", 1234 };
	enum store_result	 res;
	char			*cause = NULL;

	memset(&n, 0, sizeof n);
	n.categories = &c;
	n.ncategories = 1;
	n.authors = &p;
	n.nauthors = 1;
	n.enclosures = &e;
	n.nenclosures = 1;
	n.has_published = 1;
	n.published = 1640995200;
	item_of(&it, article_of(&t, i, date, "https"), src,
	    0x1000 + (uint64_t)i);
	it.n = &n;
	assert_int_equal(store_add(st, &it, &res, &cause), 0);
	assert_int_equal(res, want);
}

/* What the journal says of article i: its category and the rest. */
static void
check_meta(struct store *st, int i, const char *src, const char *cat)
{
	struct meta_entry	 e;
	char			*cause = NULL;

	assert_int_equal(store_meta(st, 0x1000 + (uint64_t)i, &e, &cause), 0);
	assert_string_equal(e.source, src);
	assert_int_equal(e.ncategories, 1);
	assert_string_equal(e.categories[0].term, cat);
	assert_string_equal(e.categories[0].scheme, "https://example.org/tags");
	assert_null(e.categories[0].label);
	assert_int_equal(e.nauthors, 1);
	assert_string_equal(e.authors[0].name, "Jo Bloggs");
	assert_int_equal(e.nenclosures, 1);
	assert_string_equal(e.enclosures[0].url, "https://example.org/a b.mp3");
	assert_string_equal(e.enclosures[0].type, "audio/mpeg");
	assert_int_equal(e.enclosures[0].length, 1234);
	assert_int_equal(e.published, 1640995200);
	assert_true(e.seen > 1700000000);
	meta_entry_free(&e);
}

/* Stage article i of source "s" without committing it. */
static void
stage(struct store *st, int i, uint32_t date, enum store_result want)
{
	stage_of(st, "s", i, date, want);
}

/* Stage and commit article i: identity 0x1000+i, dated date. */
static void
add(struct store *st, int i, uint32_t date, enum store_result want)
{
	char	*cause = NULL;

	stage(st, i, date, want);
	assert_int_equal(store_commit(st, &cause), 0);
}

/*
 * What store_check says of an item of source src with a new identity and
 * the link of i over http (the article says https).
 */
static enum store_result
check_link_of(struct store *st, const char *src, int i, uint32_t date)
{
	struct test_article	 t;
	struct store_item	 it;

	/* Identities are of their source: another source's differs. */
	return store_check(st, item_of(&it, article_of(&t, i, date, "http"),
	    src, 0xffff0000 + (uint64_t)i + ((uint64_t)src[0] << 32)));
}

/* The same for source "s": an update of i when i is known. */
static enum store_result
check_link(struct store *st, int i, uint32_t date)
{
	return check_link_of(st, "s", i, date);
}

/* The date of the newest article, and how many there are. */
static uint32_t
newest_date(struct store *st, size_t *count)
{
	struct store_entry	e[8];

	*count = store_count(st);
	return store_newest(st, e, 8) > 0 ? e[0].date : 0;
}

static struct store *
reopen(void)
{
	struct store	*st;
	char		 dir[128], *cause = NULL;

	snprintf(dir, sizeof dir, "%s", tmpdir);
	st = store_open(dir, 0, &cause);
	assert_non_null(st);
	return st;
}

/* Write a file into the folder as feedd would: a temp file, a rename. */
static void
put(const char *name, const char *text)
{
	char	*cause = NULL;

	assert_int_equal(file_write_atomic(tmpdir, name, text, strlen(text),
	    &cause), 0);
}

static void
store__reopen_with_index__same_articles_and_links(void **state)
{
	struct store	*st = reopen();
	struct stat	 sb;
	char		 path[128], *cause = NULL;
	size_t		 n;

	add(st, 1, 20220101, STORE_NEW);
	add(st, 2, 20220105, STORE_NEW);
	add(st, 3, 20220103, STORE_NEW);
	add(st, 2, 20220105, STORE_SAME);
	assert_int_equal(store_save_index(st, &cause), 0);
	store_close(st);
	snprintf(path, sizeof path, "%s/.index", tmpdir);
	assert_int_equal(stat(path, &sb), 0);

	st = reopen();
	assert_int_equal(newest_date(st, &n), 20220105);
	assert_int_equal(n, 3);
	/* The same item again is the same; a new guid with its link too. */
	add(st, 3, 20220103, STORE_SAME);
	assert_int_equal(check_link(st, 1, 20220101), STORE_UPDATED);
	assert_int_equal(check_link(st, 7, 20220101), STORE_NEW);
	/* Nothing changed since the index was written: nothing to save. */
	assert_int_equal(store_save_index(st, &cause), 0);
	add(st, 4, 20220102, STORE_NEW);
	assert_int_equal(store_save_index(st, &cause), 0);
	store_close(st);
	st = reopen();
	assert_int_equal(newest_date(st, &n), 20220105);
	assert_int_equal(n, 4);
	assert_int_equal(check_link(st, 4, 20220102), STORE_UPDATED);
	store_close(st);
}

/*
 * The index is trusted for a file it matches (so it is read at all), and
 * not for a file replaced since it was written.
 */
static void
store__index__trusted_only_for_unchanged_files(void **state)
{
	struct store	*st = reopen();
	struct buf	 b;
	char		 name[ARTICLE_NAME_SIZE], *p, *cause = NULL;
	size_t		 n;
	int		 dfd;

	add(st, 1, 20220101, STORE_NEW);
	add(st, 2, 20220102, STORE_NEW);
	assert_int_equal(store_save_index(st, &cause), 0);
	store_close(st);

	/* The index claims another date for article 2; the file is as it was. */
	buf_init(&b, BUF_NOLIMIT);
	assert_int_not_equal(dfd = open(tmpdir, O_RDONLY | O_DIRECTORY), -1);
	assert_int_equal(file_read_at(dfd, ".index", &b, &cause), 0);
	close(dfd);
	buf_addc(&b, '\0');
	assert_non_null(p = strstr(b.data, " 20220102 "));
	memcpy(p + 1, "20300101", 8);
	put(".index", b.data);
	st = reopen();
	assert_int_equal(newest_date(st, &n), 20300101);
	store_close(st);

	/* Article 2 replaced behind the store's back: its file is read. */
	article_name(name, 1, 0x1002);
	put(name, "Title 2\n20250606\nhttps://example.org/2\nTitle 2\n");
	st = reopen();
	assert_int_equal(newest_date(st, &n), 20250606);
	assert_int_equal(n, 2);
	store_close(st);
	buf_free(&b);
}

/* A damaged index, or one naming files that are gone, costs nothing. */
static void
store__damaged_index__articles_read(void **state)
{
	struct store	*st = reopen();
	char		 name[ARTICLE_NAME_SIZE], path[128], *cause = NULL;
	size_t		 n;

	add(st, 1, 20220101, STORE_NEW);
	add(st, 2, 20220109, STORE_NEW);
	assert_int_equal(store_save_index(st, &cause), 0);
	store_close(st);
	article_name(name, 1, 0x1002);
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	assert_int_equal(unlink(path), 0);
	st = reopen();
	assert_int_equal(newest_date(st, &n), 20220101);
	assert_int_equal(n, 1);
	store_close(st);

	put(".index", "feedd-index 1\n0 zz\n\n1 0000000000001001 x\nrubbish");
	st = reopen();
	assert_int_equal(newest_date(st, &n), 20220101);
	assert_int_equal(n, 1);
	assert_int_equal(check_link(st, 1, 20220101), STORE_UPDATED);
	store_close(st);

	put(".index", "not an index\n");
	st = reopen();
	assert_int_equal(newest_date(st, &n), 20220101);
	store_close(st);
}

/*
 * A sealed batch: its articles are staged until it is finished, articles
 * staged meanwhile go with the next one, and a failed commit puts back
 * what was not renamed.
 */
static void
store__sealed_commit__staged_until_finished(void **state)
{
	struct store		*st = reopen();
	struct store_sealed	*sl;
	struct store_entry	 e[8];
	char			*cause = NULL, path[256];
	size_t			 n;

	assert_int_equal(store_seal(st, &sl, &cause), 0);
	assert_null(sl);			/* nothing staged */
	assert_null(cause);
	stage(st, 1, 20220101, STORE_NEW);
	stage(st, 2, 20220102, STORE_NEW);
	assert_int_equal(store_seal(st, &sl, &cause), 0);
	assert_non_null(sl);
	assert_false(store_pending(st));
	stage(st, 3, 20220103, STORE_NEW);
	assert_true(store_pending(st));
	/* Staged, sealed or not: not listed, and the same item is the same. */
	assert_int_equal(store_newest(st, e, 8), 0);
	stage(st, 1, 20220101, STORE_SAME);
	assert_int_equal(store_committed(st, 0x1001), 0);
	assert_int_equal(store_committed(st, 0x1003), 0);
	assert_int_equal(store_committed(st, 0x9999), -1);
	assert_int_equal(store_sealed_commit(sl, &cause), 0);
	store_sealed_finish(st, sl, 1);
	assert_int_equal(store_committed(st, 0x1001), 1);
	assert_int_equal(store_committed(st, 0x1003), 0);
	assert_int_equal(store_newest(st, e, 8), 2);
	assert_int_equal(e[0].date, 20220102);

	/* A failed commit: its file gone from under it; it waits again. */
	assert_int_equal(store_seal(st, &sl, &cause), 0);
	assert_non_null(sl);
	snprintf(path, sizeof path, "rm -f %s/.tmp.*", tmpdir);
	assert_int_equal(system(path), 0);
	assert_int_equal(store_sealed_commit(sl, &cause), -1);
	assert_non_null(strstr(cause, "rename"));
	free(cause);
	cause = NULL;
	store_sealed_finish(st, sl, 0);
	assert_true(store_pending(st));
	assert_int_equal(newest_date(st, &n), 20220102);
	assert_int_equal(n, 3);
	store_close(st);
}

/* The number of lines of the folder's journal. */
static int
journal_lines(void)
{
	char	path[128], line[512];
	FILE	*f;
	int	 n = 0;

	snprintf(path, sizeof path, "%s/.meta", tmpdir);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		n++;
	fclose(f);
	return n;
}

/*
 * A source never changes another's articles: another source's item with
 * a new identity and the same link (over http where they are https) is a
 * new article of its own, and the first source's file stays as it was.
 */
static void
store__link_of_another_source__new_article(void **state)
{
	struct store		*st = reopen();
	struct test_article	 t;
	struct store_item	 it;
	struct article		 got;
	enum store_result	 res;
	char			*cause = NULL;

	stage_of(st, "victim", 1, 20220101, STORE_NEW);
	assert_int_equal(store_commit(st, &cause), 0);
	assert_int_equal(check_link_of(st, "victim", 1, 20220101),
	    STORE_UPDATED);
	assert_int_equal(check_link_of(st, "attacker", 1, 20220101),
	    STORE_NEW);
	article_of(&t, 1, 20220101, "http");
	t.a.title = "Hijacked";
	item_of(&it, &t.a, "attacker", 0xaaaa);
	assert_int_equal(store_add(st, &it, &res, &cause), 0);
	assert_int_equal(res, STORE_NEW);
	assert_int_equal(store_commit(st, &cause), 0);
	assert_int_equal(store_count(st), 2);
	assert_int_equal(store_read(st, 0x1001, &got, &cause), 0);
	assert_string_equal(got.title, "Title 1");
	article_free(&got);
	assert_string_equal(store_source_of(st, 0x1001), "victim");
	assert_string_equal(store_source_of(st, 0xaaaa), "attacker");

	/* Its identity is its own: no item of another source may take it. */
	item_of(&it, &t.a, "victim", 0xaaaa);
	it.link = NULL;
	assert_int_equal(store_add(st, &it, &res, &cause), -1);
	assert_non_null(strstr(cause, "\"attacker\""));
	free(cause);
	store_close(st);

	/* The same after a restart: the journal says whose each one is. */
	st = reopen();
	assert_string_equal(store_source_of(st, 0x1001), "victim");
	assert_int_equal(check_link_of(st, "attacker", 1, 20220101),
	    STORE_UPDATED);
	assert_int_equal(check_link_of(st, "other", 1, 20220101), STORE_NEW);
	store_close(st);
}

/*
 * A collection written before the journal (and before link identities
 * were qualified by source): its articles are of no known source; an
 * item whose identity of old is one of them is that article, which keeps
 * its name and becomes its source's; another source's item is not.
 */
static void
store__legacy_identity__found_and_adopted(void **state)
{
	struct store		*st;
	struct test_article	 t;
	struct store_item	 it;
	enum store_result	 res;
	char			 name[ARTICLE_NAME_SIZE], *cause = NULL;

	article_name(name, 1, 0xaaaa);
	put(name, "Title 1\n20220101\nhttps://example.org/1\nTitle 1\n");
	st = reopen();
	assert_string_equal(store_source_of(st, 0xaaaa), "");

	/* Another source: its own new identity, its own article. */
	item_of(&it, article_of(&t, 1, 20220101, "https"), "b", 0xbbbb);
	it.legacy[0] = 0xaaaa;
	it.link = NULL;
	assert_int_equal(store_check(st, &it), STORE_SAME);
	/* Source a brings the same item: the same article, adopted. */
	it.source = "a";
	it.hash = 0xcccc;
	assert_int_equal(store_add(st, &it, &res, &cause), 0);
	assert_int_equal(res, STORE_SAME);
	assert_string_equal(store_source_of(st, 0xaaaa), "a");
	/* Now b's item, the same legacy identity: a new article. */
	it.source = "b";
	it.hash = 0xbbbb;
	assert_int_equal(store_add(st, &it, &res, &cause), 0);
	assert_int_equal(res, STORE_NEW);
	assert_int_equal(store_commit(st, &cause), 0);
	assert_int_equal(store_count(st), 2);
	store_close(st);

	st = reopen();
	assert_string_equal(store_source_of(st, 0xaaaa), "a");
	assert_string_equal(store_source_of(st, 0xbbbb), "b");
	store_close(st);
}

/*
 * The journal: a torn last line and a line of rubbish are passed over
 * with the rest kept, and a save writes it anew when most of it is old.
 */
static void
store__journal__damage_passed_over_and_compacted(void **state)
{
	struct store	*st = reopen();
	char		 path[128], cat[32], *cause = NULL;
	FILE		*f;
	int		 i;

	stage_of(st, "a", 1, 20220101, STORE_NEW);
	stage_of(st, "b", 2, 20220101, STORE_NEW);
	assert_int_equal(store_commit(st, &cause), 0);
	store_close(st);
	assert_int_equal(journal_lines(), 3);
	snprintf(path, sizeof path, "%s/.meta", tmpdir);
	assert_non_null(f = fopen(path, "a"));
	fputs("rubbish line\n0000000000001001 src=b seen=1", f);
	fclose(f);
	st = reopen();
	assert_string_equal(store_source_of(st, 0x1001), "a");
	assert_string_equal(store_source_of(st, 0x1002), "b");
	/* Damaged: written anew at the next save, one line an article. */
	assert_int_equal(store_save_index(st, &cause), 0);
	assert_int_equal(journal_lines(), 3);
	/* Each change of an article's text or metadata is a record. */
	stage_meta(st, "a", 1, 20220102, "odd | 100% \n", STORE_UPDATED);
	assert_int_equal(store_commit(st, &cause), 0);
	check_meta(st, 1, "a", "odd | 100% \n");
	for (i = 0; i < 1200; i++) {
		snprintf(cat, sizeof cat, "tag %d", i);
		stage_meta(st, "a", 1, 20220103 + (uint32_t)(i % 2), cat,
		    STORE_UPDATED);
		assert_int_equal(store_commit(st, &cause), 0);
	}
	assert_int_equal(journal_lines(), 1204);
	check_meta(st, 1, "a", "tag 1199");
	assert_int_equal(store_save_index(st, &cause), 0);
	assert_int_equal(journal_lines(), 3);
	/* The records' new places, after the compaction. */
	check_meta(st, 1, "a", "tag 1199");
	store_close(st);
	st = reopen();
	assert_string_equal(store_source_of(st, 0x1001), "a");
	assert_string_equal(store_source_of(st, 0x1002), "b");
	check_meta(st, 1, "a", "tag 1199");
	store_close(st);
}

/* Prune what store_prune says, in slices of max; returns the slices. */
static int
prune_all(struct store *st, size_t max, size_t *total)
{
	size_t	 pruned;
	char	*cause = NULL;
	int	 more = 1, slices = 0;

	*total = 0;
	while (more) {
		assert_int_equal(store_prune(st, max, &pruned, &more, &cause),
		    0);
		assert_true(pruned <= max);
		*total += pruned;
		slices++;
	}
	return slices;
}

/*
 * keep counts per source: a source with many articles loses its oldest,
 * in slices, and never pushes out another source's.
 */
static void
store__prune__per_source_in_slices(void **state)
{
	struct store		*st = reopen();
	struct store_entry	 e[32];
	char			*cause = NULL;
	size_t			 total, n, i;
	int			 k;

	for (k = 0; k < 20; k++)
		stage_of(st, "flood", k, 20220201 + (uint32_t)k, STORE_NEW);
	for (k = 20; k < 23; k++)
		stage_of(st, "quiet", k, 20210101 + (uint32_t)k, STORE_NEW);
	assert_int_equal(store_commit(st, &cause), 0);
	store_set_keep(st, NULL, 5);
	assert_int_equal(prune_all(st, 4, &total), 4);
	assert_int_equal(total, 15);
	assert_int_equal(store_count(st), 8);
	n = store_newest(st, e, 32);
	assert_int_equal(n, 8);
	/* The five newest of the flood, and all of the quiet one. */
	for (i = 0; i < 5; i++) {
		assert_int_equal(e[i].date, 20220201 + 19 - i);
		assert_string_equal(store_source_of(st, e[i].hash), "flood");
	}
	for (; i < 8; i++)
		assert_string_equal(store_source_of(st, e[i].hash), "quiet");
	/* A source's own keep. */
	store_set_keep(st, "quiet", 1);
	assert_int_equal(prune_all(st, 100, &total), 1);
	assert_int_equal(total, 2);
	assert_int_equal(store_count(st), 6);
	/* The pruned are gone for good: files, links and all. */
	store_close(st);
	st = reopen();
	assert_int_equal(store_count(st), 6);
	assert_int_equal(check_link_of(st, "flood", 0, 20220201), STORE_NEW);
	assert_int_equal(check_link_of(st, "flood", 19, 20220220),
	    STORE_UPDATED);
	store_close(st);
}

/*
 * One article through the store, as the daemon writes it: the file reads
 * back byte for byte; an invalid article is refused, naming its file, and
 * leaves nothing behind.  (Was article_write's test: the store is the one
 * writer of articles.)
 */
static void
store_add__valid__atomic_file_reads_back(void **state)
{
	char			 dir[] = "/tmp/feedd-test-XXXXXX", *cause = NULL;
	char			*body[] = { "One paragraph.", "Two & <three>." };
	struct article		 a = { "A title", 20220117, "https://e.org/a",
				    body, 2 };
	struct article		 b;
	struct store_item	 it = { .hash = 0xabc, .source = "s",
				    .article = &a, .dated = 1 };
	enum store_result	 res;
	struct store		*st;
	struct buf		 in;
	DIR			*d;
	struct dirent		*de;
	int			 n = 0, dfd;

	assert_non_null(mkdtemp(dir));
	assert_non_null(st = store_open(dir, 0, &cause));
	assert_int_equal(store_add(st, &it, &res, &cause), 0);
	assert_int_equal(res, STORE_NEW);
	assert_int_equal(store_commit(st, &cause), 0);
	buf_init(&in, ARTICLE_MAX_SIZE);
	assert_true((dfd = open(dir, O_RDONLY | O_DIRECTORY)) != -1);
	assert_int_equal(file_read_at(dfd, "000_0000000000000abc.txt", &in,
	    &cause), 0);
	assert_string_equal(in.data, "A title\n20220117\nhttps://e.org/a\n"
	    "One paragraph.\nTwo & <three>.\n");
	assert_int_equal(article_parse(&b, in.data, in.len, &cause), 0);
	article_free(&b);

	/* An invalid article is refused and leaves nothing behind. */
	a.url = "/relative";
	it.hash = 0xdef;
	assert_int_equal(store_add(st, &it, &res, &cause), -1);
	assert_string_equal(cause, "001_0000000000000def.txt: line 3: "
	    "not an absolute URL");
	free(cause);
	assert_int_equal(store_commit(st, &cause), 0);
	store_close(st);
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".meta") != 0 &&
		    (de->d_name[0] != '.' || strlen(de->d_name) > 2))
			n++;
	}
	closedir(d);
	assert_int_equal(n, 1);
	assert_int_equal(unlinkat(dfd, "000_0000000000000abc.txt", 0), 0);
	assert_int_equal(unlinkat(dfd, ".meta", 0), 0);
	close(dfd);
	assert_int_equal(rmdir(dir), 0);
	buf_free(&in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(store_add__valid__atomic_file_reads_back),
		cmocka_unit_test_setup_teardown(
		    store__reopen_with_index__same_articles_and_links,
		    tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(
		    store__index__trusted_only_for_unchanged_files,
		    tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(
		    store__damaged_index__articles_read, tmpdir_setup,
		    tmpdir_teardown),
		cmocka_unit_test_setup_teardown(
		    store__sealed_commit__staged_until_finished, tmpdir_setup,
		    tmpdir_teardown),
		cmocka_unit_test_setup_teardown(
		    store__link_of_another_source__new_article, tmpdir_setup,
		    tmpdir_teardown),
		cmocka_unit_test_setup_teardown(
		    store__legacy_identity__found_and_adopted, tmpdir_setup,
		    tmpdir_teardown),
		cmocka_unit_test_setup_teardown(
		    store__journal__damage_passed_over_and_compacted,
		    tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(
		    store__prune__per_source_in_slices, tmpdir_setup,
		    tmpdir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
