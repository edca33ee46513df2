/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "atom.h"
#include "buf.h"
#include "fileio.h"
#include "log.h"
#include "sha256.h"
#include "xmalloc.h"

/*
 * feedd-atom: print an Atom feed of a folder of articles, newest first.
 * Every file is read and checked, so that a bad one is reported, but only
 * the newest --max are kept in memory (a min-heap), whatever the folder's
 * size.
 */

struct entry {
	struct article	article;
	uint64_t	seq;
	uint64_t	hash;
};

struct collection {
	struct entry	*heap;		/* the kept entries, oldest on top */
	size_t		 n;
	size_t		 size;
	size_t		 max;		/* 0: keep all */
};

static int	entry_older(const struct entry *, const struct entry *);
static void	collection_sift_down(struct collection *, size_t);
static void	collection_sift_up(struct collection *, size_t);
static int	collection_wants(const struct collection *, uint32_t,
		    uint64_t);
static void	collection_add(struct collection *, struct entry *);
static int	entry_cmp_newest(const void *, const void *);
static int	read_folder(const char *, struct collection *);
static char	*default_id(const char *);
static char	*default_title(const char *);
static void	usage(int) __attribute__((noreturn));

/* Whether a sorts before b in time: by date, then sequence number. */
static int
entry_older(const struct entry *a, const struct entry *b)
{
	if (a->article.date != b->article.date)
		return a->article.date < b->article.date;
	return a->seq < b->seq;
}

static void
collection_sift_up(struct collection *c, size_t i)
{
	struct entry	tmp;

	while (i > 0 && entry_older(&c->heap[i], &c->heap[(i - 1) / 2])) {
		tmp = c->heap[i];
		c->heap[i] = c->heap[(i - 1) / 2];
		c->heap[(i - 1) / 2] = tmp;
		i = (i - 1) / 2;
	}
}

static void
collection_sift_down(struct collection *c, size_t i)
{
	struct entry	tmp;
	size_t		l, r, least;

	for (;;) {
		l = 2 * i + 1;
		r = l + 1;
		least = i;
		if (l < c->n && entry_older(&c->heap[l], &c->heap[least]))
			least = l;
		if (r < c->n && entry_older(&c->heap[r], &c->heap[least]))
			least = r;
		if (least == i)
			return;
		tmp = c->heap[i];
		c->heap[i] = c->heap[least];
		c->heap[least] = tmp;
		i = least;
	}
}

/* Whether an article of this date and sequence would be kept. */
static int
collection_wants(const struct collection *c, uint32_t date, uint64_t seq)
{
	const struct entry	*top;

	if (c->max == 0 || c->n < c->max)
		return 1;
	top = &c->heap[0];
	if (date != top->article.date)
		return date > top->article.date;
	return seq > top->seq;
}

/* Keep e (the collection takes what it owns), dropping the oldest if full. */
static void
collection_add(struct collection *c, struct entry *e)
{
	if (c->max != 0 && c->n == c->max) {
		article_free(&c->heap[0].article);
		c->heap[0] = *e;
		collection_sift_down(c, 0);
		return;
	}
	if (c->n == c->size) {
		c->size = c->size ? c->size * 2 : 64;
		c->heap = xreallocarray(c->heap, c->size, sizeof *c->heap);
	}
	c->heap[c->n] = *e;
	collection_sift_up(c, c->n++);
}

/* Newest first. */
static int
entry_cmp_newest(const void *a, const void *b)
{
	if (entry_older(a, b))
		return 1;
	if (entry_older(b, a))
		return -1;
	return 0;
}

/* Read every article in dir into c; -1 when the folder cannot be read. */
static int
read_folder(const char *dir, struct collection *c)
{
	DIR		*d;
	struct dirent	*de;
	struct buf	 data;
	struct entry	 e;
	char		*cause;

	if ((d = opendir(dir)) == NULL) {
		log_warn("%s", dir);
		return -1;
	}
	buf_init(&data, ARTICLE_MAX_SIZE);
	while ((errno = 0, de = readdir(d)) != NULL) {
		/* Dot files: ".", "..", and temp files of writes under way. */
		if (de->d_name[0] == '.')
			continue;
		if (article_name_parse(de->d_name, &e.seq, &e.hash) == -1) {
			log_warnx("%s/%s: skipped: not an article name "
			    "(NNN_HHHHHHHHHHHHHHHH.txt)", dir, de->d_name);
			continue;
		}
		if (file_read_at(dirfd(d), de->d_name, &data, &cause) == -1 ||
		    article_validate(data.data, data.len, &cause) == -1) {
			log_warnx("%s/%s: skipped: %s", dir, de->d_name, cause);
			free(cause);
			continue;
		}
		/* Line 2 is at a known place in a valid article. */
		if (!collection_wants(c, (uint32_t)strtoul(strchr(data.data,
		    '\n') + 1, NULL, 10), e.seq))
			continue;
		if (article_parse(&e.article, data.data, data.len, &cause) == -1)
			fatalx("%s/%s: %s", dir, de->d_name, cause);
		collection_add(c, &e);
	}
	if (errno != 0)
		log_warn("%s: readdir", dir);
	buf_free(&data);
	closedir(d);
	return 0;
}

/* A stable id for a folder without --id or --self: from its real path. */
static char *
default_id(const char *dir)
{
	struct sha256	 ctx;
	uint8_t		 d[SHA256_DIGEST_LEN];
	char		*path;

	if ((path = realpath(dir, NULL)) == NULL)
		path = xstrdup(dir);
	sha256_init(&ctx);
	sha256_update(&ctx, "feedd-folder", 13);
	sha256_update(&ctx, path, strlen(path));
	sha256_final(&ctx, d);
	free(path);
	return xasprintf("urn:feedd:folder:%02x%02x%02x%02x%02x%02x%02x%02x",
	    d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]);
}

/* The folder's own name, as a title for a feed without --title. */
static char *
default_title(const char *dir)
{
	char		*path, *title;
	const char	*base;

	if ((path = realpath(dir, NULL)) == NULL)
		path = xstrdup(dir);
	base = strrchr(path, '/');
	base = (base != NULL && base[1] != '\0') ? base + 1 : path;
	title = xstrdup(base);
	free(path);
	return title;
}

/* The usage line: on stdout for --help, else on stderr with status 2. */
static void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: feedd-atom "
	    "[--title T] [--id URI] [--self URL] [--author NAME] [--max N] "
	    "DIR\n");
	exit(status);
}

int
main(int argc, char *argv[])
{
	static const struct option	 longopts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "id", required_argument, NULL, 'i' },
		{ "self", required_argument, NULL, 's' },
		{ "author", required_argument, NULL, 'a' },
		{ "max", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct collection		 c = { 0 };
	struct atom_feed		 feed = { 0 };
	struct atom_entry		*entries;
	struct buf			 out;
	struct stat			 st;
	char				*title = NULL, *id = NULL, *end;
	unsigned long long		 max = 100;
	size_t				 i;
	int				 ch, rv = 0;

	log_init("feedd-atom", LOG_LEVEL_INFO);
	while ((ch = getopt_long(argc, argv, "t:i:s:a:n:hV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 't':
			feed.title = optarg;
			break;
		case 'i':
			feed.id = optarg;
			break;
		case 's':
			feed.self = optarg;
			break;
		case 'a':
			feed.author = optarg;
			break;
		case 'n':
			errno = 0;
			max = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    optarg[0] == '-' || max > SIZE_MAX / 2)
				fatalx("--max: not a count: %s", optarg);
			break;
		case 'V':
			printf("feedd-atom %s\n", PACKAGE_VERSION);
			return 0;
		case 'h':
			usage(0);
		default:
			usage(2);
		}
	}
	if (argc - optind != 1)
		usage(2);

	c.max = (size_t)max;
	if (read_folder(argv[optind], &c) == -1)
		return 1;
	qsort(c.heap, c.n, sizeof *c.heap, entry_cmp_newest);

	if (feed.title == NULL)
		feed.title = title = default_title(argv[optind]);
	if (feed.id == NULL)
		feed.id = feed.self != NULL ? feed.self :
		    (id = default_id(argv[optind]));
	if (feed.author == NULL)
		feed.author = "feedd";
	/* An empty folder's feed was last updated when the folder was. */
	if (stat(argv[optind], &st) == 0)
		feed.updated = st.st_mtime;
	entries = xcalloc(c.n, sizeof *entries);
	for (i = 0; i < c.n; i++) {
		entries[i].article = &c.heap[i].article;
		entries[i].hash = c.heap[i].hash;
	}
	buf_init(&out, BUF_NOLIMIT);
	atom_write(&out, &feed, entries, c.n);
	if (fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0) {
		log_warn("stdout");
		rv = 1;
	}

	buf_free(&out);
	free(entries);
	for (i = 0; i < c.n; i++)
		article_free(&c.heap[i].article);
	free(c.heap);
	free(title);
	free(id);
	return rv;
}
