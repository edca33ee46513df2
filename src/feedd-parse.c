/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "buf.h"
#include "date.h"
#include "extract.h"
#include "feedparse.h"
#include "html.h"
#include "ingest.h"
#include "log.h"
#include "meta.h"
#include "normalize.h"
#include "pagemeta.h"
#include "store.h"
#include "xmalloc.h"

/*
 * feedd-parse: one feed document to articles, exactly as the daemon makes
 * them.  Prints them (the default), prints JSON Lines (--json), or writes
 * them into a folder with the daemon's names and deduplication (-o).
 */

enum output { OUT_ARTICLES, OUT_JSON, OUT_DIR };

struct parse_run {
	enum output		 output;
	const char		*dir;
	struct store		*store;
	struct ingest_source	 src;
	const struct feed_info	*feed;		/* during the parse */
	int			 fd;
	long			 written, updated, same, skipped;
	int			 failed;
	struct buf		 json;		/* --json: the line being built */
};

static ssize_t	read_cb(void *, char *, size_t);
static void	feed_cb(void *, const struct feed_info *);
static void	item_cb(void *, const struct feed_item *, struct normalized *);
static void	skipped_cb(void *, const struct feed_item *, const char *);
static void	warn_cb(void *, const char *);
static void	json_value(struct buf *, const char *);
static void	json_str(struct buf *, const char *, const char *, int);
static void	json_time(struct buf *, const char *, int, int64_t);
static void	json_line(struct buf *);
static void	usage(int) __attribute__((noreturn));
static int	extract_run(const struct parse_run *, const char *,
		    const char *);
static const char *parse_args(int, char *[], struct parse_run *, int *,
		    const char **);
static void	store_finish(struct parse_run *, long);

/*
 * --extract: one page as a whole article (feedd-article(5)): its title
 * (the page's own, else the story's first words), its date (the page's,
 * else --now), its URL (its canonical one, else --base), its story.  With
 * no URL to give, the story's paragraphs alone, and a warning.
 */
static int
extract_run(const struct parse_run *run, const char *input,
    const char *charset)
{
	struct html_text	 t = { NULL, 0 };
	struct page_meta	 meta;
	struct article		 a;
	struct buf		 b, out;
	char			 chunk[65536];
	ssize_t			 n;
	size_t			 i;

	buf_init(&b, 64 * 1024 * 1024);
	while ((n = read(run->fd, chunk, sizeof chunk)) > 0) {
		if (buf_add(&b, chunk, (size_t)n) == -1)
			fatalx("%s: larger than 64 MB", input);
	}
	if (n == -1)
		fatal("%s", input);
	if (extract_page(b.data != NULL ? b.data : "", b.len, charset,
	    run->src.url, &t, &meta) == 0) {
		log_errx("%s: no story found", input);
		pagemeta_free(&meta);
		buf_free(&b);
		feedparse_cleanup();
		return 1;
	}
	memset(&a, 0, sizeof a);
	a.url = meta.canonical != NULL ? xstrdup(meta.canonical) :
	    normalize_web_url(run->src.url);
	if (a.url == NULL) {
		log_warnx("%s: no URL for an article (no canonical link; give "
		    "--base): the story alone", input);
		for (i = 0; i < t.n; i++)
			printf("%s\n", t.paras[i]);
	} else {
		a.title = meta.title != NULL ? xstrdup(meta.title) :
		    normalize_first_words(t.paras[0]);
		a.date = date_yyyymmdd(meta.has_published ? meta.published :
		    run->src.now);
		a.body = t.paras;
		a.nbody = t.n;
		buf_init(&out, BUF_NOLIMIT);
		article_format(&a, &out);
		fwrite(out.data, 1, out.len, stdout);
		buf_free(&out);
		a.body = NULL;
		a.nbody = 0;
	}
	article_free(&a);
	pagemeta_free(&meta);
	html_text_free(&t);
	buf_free(&b);
	feedparse_cleanup();
	return fflush(stdout) == 0 ? 0 : 1;
}

static ssize_t
read_cb(void *arg, char *buf, size_t len)
{
	struct parse_run	*run = arg;
	ssize_t			 n;

	while ((n = read(run->fd, buf, len)) == -1 && errno == EINTR)
		;
	if (n == -1)
		log_warn("read");
	return n;
}

/* The bytes a JSON string escapes: controls, '"', '\\' and DEL. */
static const unsigned char json_escaped[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1,
	[0x05] = 1, [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1,
	[0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [0x0e] = 1,
	[0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1,
	[0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1,
	[0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
	[0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1, [0x7f] = 1
};

/* Append a JSON string, or null. */
static void
json_value(struct buf *o, const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, run, len;

	if (s == NULL) {
		buf_adds(o, "null");
		return;
	}
	len = strlen(s);
	buf_addc(o, '"');
	for (run = i = 0; i < len; i++) {
		/* In blocks: text rarely has a byte to escape. */
#ifdef __SSE2__
		for (; i + 16 <= len; i += 16) {
			__m128i	v = _mm_loadu_si128((const __m128i *)(u + i));

			/* Below 0x20 unsigned is below -0x60 once 0x80 is
			 * flipped; then '"', '\\' and DEL. */
			if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(
			    _mm_cmplt_epi8(_mm_xor_si128(v,
			    _mm_set1_epi8((char)0x80)),
			    _mm_set1_epi8((char)0xa0)),
			    _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
			    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')),
			    _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f))))) != 0)
				break;
		}
#endif
		while (i < len && !json_escaped[u[i]])
			i++;
		if (i == len)
			break;
		buf_add(o, s + run, i - run);
		if (s[i] == '"' || s[i] == '\\')
			buf_printf(o, "\\%c", s[i]);
		else if (s[i] == '\n')
			buf_adds(o, "\\n");
		else
			buf_printf(o, "\\u%04x", u[i]);
		run = i + 1;
	}
	buf_add(o, s + run, len - run);
	buf_addc(o, '"');
}

/* Append "key":"value", with a comma before unless first. */
static void
json_str(struct buf *o, const char *key, const char *s, int first)
{
	if (!first)
		buf_addc(o, ',');
	buf_addc(o, '"');
	buf_adds(o, key);
	buf_adds(o, "\":");
	json_value(o, s);
}

/* Append "key": "RFC 3339" when have. */
static void
json_time(struct buf *o, const char *key, int have, int64_t t)
{
	char	s[DATE_RFC3339_SIZE];

	if (!have)
		return;
	date_rfc3339(t, s);
	json_str(o, key, s, 0);
}

/* Write the line built in o, and empty o for the next. */
static void
json_line(struct buf *o)
{
	buf_addc(o, '\n');
	fwrite(o->data, 1, o->len, stdout);
	buf_reset(o);
}

/* -o DIR: what the feed says of itself, for <source> (feedd-atom). */
static void
feed_source(struct parse_run *run, const struct feed_info *info)
{
	struct meta_source	m;

	if (run->src.name == NULL || *run->src.name == '\0')
		return;
	memset(&m, 0, sizeof m);
	m.title = normalize_plain(info->title);
	m.link = normalize_web_url(info->link);
	m.id = normalize_plain(info->id);
	m.url = normalize_web_url(run->src.url);
	m.name = xstrdup(run->src.name);
	store_set_source_info(run->store, &m);
	meta_source_free(&m);
}

/* An object of three strings, with a comma before unless first. */
static void
json_object3(struct buf *o, int first, const char *k1, const char *v1,
    const char *k2, const char *v2, const char *k3, const char *v3)
{
	buf_adds(o, first ? "{" : ",{");
	json_str(o, k1, v1, 1);
	json_str(o, k2, v2, 0);
	json_str(o, k3, v3, 0);
	buf_addc(o, '}');
}

/* The people, categories and enclosures as JSON arrays. */
static void
json_meta(struct buf *o, const struct normalized *n)
{
	size_t	i;

	buf_adds(o, ",\"authors\":[");
	for (i = 0; i < n->nauthors; i++)
		json_object3(o, i == 0, "name", n->authors[i].name, "email",
		    n->authors[i].email, "uri", n->authors[i].uri);
	buf_adds(o, "],\"categories\":[");
	for (i = 0; i < n->ncategories; i++)
		json_object3(o, i == 0, "term", n->categories[i].term,
		    "scheme", n->categories[i].scheme, "label",
		    n->categories[i].label);
	buf_adds(o, "],\"enclosures\":[");
	for (i = 0; i < n->nenclosures; i++) {
		buf_adds(o, i > 0 ? ",{" : "{");
		json_str(o, "url", n->enclosures[i].url, 1);
		json_str(o, "type", n->enclosures[i].type, 0);
		if (n->enclosures[i].length >= 0)
			buf_printf(o, ",\"length\":%lld}",
			    (long long)n->enclosures[i].length);
		else
			buf_adds(o, ",\"length\":null}");
	}
	buf_addc(o, ']');
}

static void
feed_cb(void *arg, const struct feed_info *info)
{
	struct parse_run	*run = arg;
	int64_t			 t;
	int			 have;

	run->feed = info;
	if (run->output == OUT_DIR)
		feed_source(run, info);
	if (run->output != OUT_JSON)
		return;
	buf_adds(&run->json, "{\"feed\":{");
	json_str(&run->json, "format", feedparse_format_name(info->format),
	    1);
	json_str(&run->json, "title", info->title, 0);
	json_str(&run->json, "link", info->link, 0);
	json_str(&run->json, "id", info->id, 0);
	json_str(&run->json, "subtitle", info->subtitle, 0);
	have = info->updated.raw != NULL &&
	    date_parse(info->updated.raw, &t) == 0;
	if (have)
		json_time(&run->json, "updated", 1, t);
	else
		json_str(&run->json, "updated", NULL, 0);
	buf_adds(&run->json, "}}");
	json_line(&run->json);
}

static void
skipped_cb(void *arg, const struct feed_item *it, const char *cause)
{
	struct parse_run	*run = arg;

	log_warnx("item %zu: skipped: %s", it->index + 1, cause);
	run->skipped++;
}

static void
item_cb(void *arg, const struct feed_item *it, struct normalized *np)
{
	struct parse_run	*run = arg;
	struct normalized	 n = *np;
	struct store_item	 si;
	struct buf		*o;
	enum store_result	 res;
	char			*cause, date[9], hash[17];
	size_t			 i;

	if (n.bad_date != NULL)
		log_warnx("item %zu: unreadable date \"%s\": the %s date is "
		    "used", it->index + 1, n.bad_date, n.dated ? n.date_from :
		    "first-seen");
	if (n.clamped)
		log_warnx("item %zu: date in the future: "
		    "made now", it->index + 1);
	switch (run->output) {
	case OUT_JSON:
		snprintf(date, sizeof date, "%08" PRIu32, n.article.date);
		snprintf(hash, sizeof hash, "%016" PRIx64, n.hash);
		o = &run->json;
		buf_addc(o, '{');
		json_str(o, "id", it->id, 1);
		json_str(o, "hash", hash, 0);
		json_str(o, "title", n.article.title, 0);
		json_str(o, "date", date, 0);
		json_time(o, "published", n.has_published, n.published);
		json_time(o, "updated", n.has_updated, n.updated);
		json_str(o, "url", n.article.url, 0);
		/* An entry without an author has the feed's (RFC 4287). */
		json_str(o, "author", it->author != NULL ? it->author :
		    run->feed != NULL ? run->feed->author : NULL, 0);
		json_meta(o, &n);
		buf_adds(o, ",\"body\":[");
		for (i = 0; i < n.article.nbody; i++) {
			if (i > 0)
				buf_addc(o, ',');
			json_value(o, n.article.body[i]);
		}
		buf_adds(o, "]}");
		json_line(o);
		break;
	case OUT_ARTICLES: {
		struct buf	b;

		buf_init(&b, BUF_NOLIMIT);
		article_format(&n.article, &b);
		/* Articles hold no empty line: one is the separator. */
		printf("%s%s", run->written > 0 ? "\n" : "", b.data);
		buf_free(&b);
		run->written++;
		break;
	}
	case OUT_DIR:
		store_item_of(&si, &n, run->src.name);
		if (store_add(run->store, &si, &res, &cause) == -1) {
			log_warnx("item %zu: %s", it->index + 1, cause);
			free(cause);
			run->failed = 1;
			break;
		}
		if (res == STORE_NEW)
			run->written++;
		else if (res == STORE_UPDATED)
			run->updated++;
		else
			run->same++;
		break;
	}
	normalized_free(&n);
}

static void
warn_cb(void *arg, const char *msg)
{
	log_warnx("%s", msg);
}

/* The usage lines: on stdout for --help, else on stderr with status 2. */
static void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: feedd-parse "
	    "[--base URL] [--source NAME] [--now TIME] [--json | -o DIR] "
	    "[FILE]\n"
	    "       feedd-parse --extract [--charset NAME] [FILE.html]\n");
	exit(status);
}

/* The options; returns the input's name, and --extract and --charset. */
static const char *
parse_args(int argc, char *argv[], struct parse_run *run, int *extract,
    const char **charset)
{
	static const struct option	 longopts[] = {
		{ "base", required_argument, NULL, 'b' },
		{ "source", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "now", required_argument, NULL, 'N' },
		{ "extract", no_argument, NULL, 'E' },
		{ "charset", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch;

	while ((ch = getopt_long(argc, argv, "b:s:jo:hV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b':
			run->src.url = optarg;
			break;
		case 's':
			run->src.name = optarg;
			break;
		case 'j':
			if (run->output == OUT_DIR)
				usage(2);
			run->output = OUT_JSON;
			break;
		case 'o':
			if (run->output == OUT_JSON)
				usage(2);
			run->output = OUT_DIR;
			run->dir = optarg;
			break;
		case 'N':
			if (date_parse(optarg, &run->src.now) == -1)
				fatalx("--now: not a date: %s", optarg);
			break;
		case 'E':
			*extract = 1;
			break;
		case 'C':
			*charset = optarg;
			break;
		case 'h':
			usage(0);
		case 'V':
			printf("feedd-parse %s\n", PACKAGE_VERSION);
			exit(0);
		default:
			usage(2);
		}
	}
	if (argc - optind > 1)
		usage(2);
	return argc - optind == 1 ? argv[optind] : "-";
}

/* -o DIR: commit what was staged, and say what it came to. */
static void
store_finish(struct parse_run *run, long n)
{
	char	*cause;

	if (store_commit(run->store, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
		run->failed = 1;
	}
	store_close(run->store);
	log_info("%s: %ld items: %ld new, %ld updated, %ld unchanged, "
	    "%ld skipped", run->dir, n, run->written, run->updated,
	    run->same, run->skipped);
}

int
main(int argc, char *argv[])
{
	struct parse_run	 run;
	const struct ingest_cb	 cb = { read_cb, feed_cb, item_cb, skipped_cb,
				    warn_cb, &run };
	const char		*input, *charset = NULL;
	int			 extract = 0;
	char			*cause;
	long			 n;

	log_init("feedd-parse", LOG_LEVEL_INFO);
	memset(&run, 0, sizeof run);
	buf_init(&run.json, BUF_NOLIMIT);
	run.src.name = "";
	run.src.now = time(NULL);
	input = parse_args(argc, argv, &run, &extract, &charset);
	if (strcmp(input, "-") == 0)
		run.fd = STDIN_FILENO;
	else if ((run.fd = open(input, O_RDONLY | O_CLOEXEC)) == -1)
		fatal("%s", input);
	if (extract)
		return extract_run(&run, input, charset);
	if (run.output == OUT_DIR &&
	    (run.store = store_open(run.dir, 0, &cause)) == NULL)
		fatalx("%s", cause);
	/* A pipe or a file takes the output in large writes, not 4 KB. */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, 65536);

	if ((n = ingest(&run.src, &cb, &cause)) == -1) {
		log_errx("%s: %s", input, cause);
		free(cause);
		store_close(run.store);
		feedparse_cleanup();
		buf_free(&run.json);
		return 1;
	}
	if (run.store != NULL)
		store_finish(&run, n);
	if (run.fd != STDIN_FILENO)
		close(run.fd);
	feedparse_cleanup();
	buf_free(&run.json);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_warn("stdout");
		return 1;
	}
	return run.failed;
}
