/* SPDX-License-Identifier: ISC */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "buf.h"
#include "conf.h"
#include "fileio.h"
#include "explain.h"
#include "feedparse.h"
#include "log.h"
#include "loop.h"
#include "meta.h"
#include "opml.h"
#include "status.h"
#include "store.h"
#include "xmalloc.h"

/*
 * feedd: the daemon.  Options and start-up; the work is in loop.c.
 */

static void	usage(int) __attribute__((noreturn));
static int	import_opml(const char *);
static int	export_opml(struct conf *);

/* --import-opml: print the [source] sections of an OPML file. */
static int
import_opml(const char *path)
{
	struct buf	 in, out;
	char		*cause;
	int		 n;

	buf_init(&in, 64 * 1024 * 1024);
	buf_init(&out, BUF_NOLIMIT);
	if (file_read_at(AT_FDCWD, path, &in, &cause) == -1 ||
	    (n = opml_import(in.data != NULL ? in.data : "", in.len, NULL,
	    &out, &cause)) == -1) {
		log_errx("%s: %s", path, cause);
		free(cause);
		buf_free(&in);
		return 1;
	}
	printf("; %d sources from %s\n\n%s", n, path, out.data != NULL ?
	    out.data : "");
	buf_free(&in);
	buf_free(&out);
	feedparse_cleanup();
	return fflush(stdout) == 0 ? 0 : 1;
}

/* The usage line: on stdout for --help, else on stderr with status 2. */
/* --export-opml: the sources as OPML 2.0 on stdout; c is freed. */
static int
export_opml(struct conf *c)
{
	const struct meta_source	*info;
	struct opml_feed		*feeds;
	struct store			*st;
	struct buf			 b;
	char				*articles, *cause;
	size_t				 i;

	/* Each feed's own title, as the collection's journal knows it. */
	articles = xasprintf("%s/articles", c->state_dir);
	if ((st = store_open(articles, STORE_READONLY | STORE_NOLINKS,
	    &cause)) == NULL)
		free(cause);	/* none yet: the names stand for the titles */
	free(articles);
	feeds = xcalloc(c->nsources + 1, sizeof *feeds);
	for (i = 0; i < c->nsources; i++) {
		feeds[i].name = c->sources[i].name;
		if (st != NULL && (info = store_source_info(st,
		    c->sources[i].name)) != NULL)
			feeds[i].title = info->title;
		feeds[i].url = c->sources[i].url;
		feeds[i].tags = c->sources[i].tags;
	}
	buf_init(&b, BUF_NOLIMIT);
	opml_export(c->feed_title, feeds, c->nsources, &b);
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	free(feeds);
	store_close(st);
	conf_free(c);
	return fflush(stdout) == 0 ? 0 : 1;
}

static void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: feedd [-c FILE] "
	    "[--check | --once | --status | --explain NAME [--force]] [-v]\n"
	    "       feedd --import-opml FILE\n"
	    "       feedd [-c FILE] --export-opml\n");
	exit(status);
}

/* What the command line asks for. */
struct args {
	const char	*path;		/* -c */
	const char	*explain;	/* --explain NAME */
	const char	*import;	/* --import-opml FILE */
	int		 check, once, export, status, force;
	int		 level;
};

static void
parse_args(int argc, char *argv[], struct args *a)
{
	static const struct option	 longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'n' },
		{ "once", no_argument, NULL, 'o' },
		{ "explain", required_argument, NULL, 'e' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "import-opml", required_argument, NULL, 'i' },
		{ "export-opml", no_argument, NULL, 'x' },
		{ "status", no_argument, NULL, 's' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch;

	memset(a, 0, sizeof *a);
	a->path = CONF_PATH;
	a->level = LOG_LEVEL_INFO;
	while ((ch = getopt_long(argc, argv, "c:nvhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			a->path = optarg;
			break;
		case 'n':
			a->check = 1;
			break;
		case 'o':
			a->once = 1;
			break;
		case 'e':
			a->explain = optarg;
			break;
		case 'v':
			a->level = LOG_LEVEL_DEBUG;
			break;
		case 'i':
			a->import = optarg;
			break;
		case 'x':
			a->export = 1;
			break;
		case 's':
			a->status = 1;
			break;
		case 'f':
			a->force = 1;
			break;
		case 'h':
			usage(0);
		case 'V':
			printf("feedd %s (configuration: %s)\n",
			    PACKAGE_VERSION, CONF_PATH);
			exit(0);
		default:
			usage(2);
		}
	}
	if (argc != optind || a->check + a->once + (a->explain != NULL) +
	    (a->import != NULL) + a->export + a->status > 1 ||
	    (a->force && a->explain == NULL))
		usage(2);
}

int
main(int argc, char *argv[])
{
	struct args	 a;
	struct conf	*c;
	const char	*path;
	char		*cause;
	int		 rv;

	parse_args(argc, argv, &a);
	path = a.path;
	log_init("feedd", a.level);
	if (a.import != NULL)
		return import_opml(a.import);

	if ((c = conf_load(path, &cause)) == NULL) {
		conf_say_errors(cause, log_errx);
		free(cause);
		return 1;
	}
	if (a.export)
		return export_opml(c);
	if (a.check) {
		printf("%s: OK, %zu source%s\n", path, c->nsources,
		    c->nsources == 1 ? "" : "s");
		conf_free(c);
		return 0;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("curl_global_init failed");
	if (a.explain != NULL) {
		rv = explain_run(c, a.explain, a.force);
		conf_free(c);
	} else if (a.status) {
		rv = status_print(c);
		conf_free(c);
	} else
		rv = loop_run(path, c, a.once);
	curl_global_cleanup();
	feedparse_cleanup();
	return rv;
}
