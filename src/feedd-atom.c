/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "publish.h"
#include "store.h"
#include "xmalloc.h"

/*
 * feedd-atom: print an Atom feed of a folder of articles, newest first.
 * The folder is read as the daemon reads its collection (store): every
 * file that is not an article is reported and passed over; the feed is
 * the one the daemon writes (publish).
 */

static char	*default_id(const char *);
static char	*default_title(const char *);
static void	usage(int) __attribute__((noreturn));

/* A stable id for a folder without --id or --self: from its real path. */
static char *
default_id(const char *dir)
{
	char	*path, *id;

	if ((path = realpath(dir, NULL)) == NULL)
		path = xstrdup(dir);
	id = publish_folder_id("urn:feedd:folder:", path);
	free(path);
	return id;
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
	    "[--title T] [--id URI] [--self URL] [--author NAME] [--max N]\n"
	    "                  [--source NAME | --tag TAG] [--arrival] DIR\n");
	exit(status);
}

/* --max: a count, 0 for all. */
static size_t
parse_max(const char *arg)
{
	unsigned long long	 max;
	char			*end;

	errno = 0;
	max = strtoull(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || arg[0] == '-' ||
	    max > SIZE_MAX / 2)
		fatalx("--max: not a count: %s", arg);
	return (size_t)max;
}

/* What the command line asks for. */
struct atom_run {
	struct publish_settings	 ps;
	struct store_filter	 filter;
	const char		*tag;		/* --tag, or NULL */
	struct store		*st;
};

/* store_select's filter for --tag: a source of that tag. */
static int
want_tag(void *arg, const struct store_entry *e)
{
	const struct atom_run	*run = arg;

	return store_source_has_tag(run->st, e->source, run->tag);
}

/* Read the options into run; returns the index of DIR. */
static int
parse_args(int argc, char *argv[], struct atom_run *run)
{
	static const struct option	 longopts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "id", required_argument, NULL, 'i' },
		{ "self", required_argument, NULL, 's' },
		{ "author", required_argument, NULL, 'a' },
		{ "max", required_argument, NULL, 'n' },
		{ "source", required_argument, NULL, 'S' },
		{ "tag", required_argument, NULL, 'T' },
		{ "arrival", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct publish_settings		*ps = &run->ps;
	int				 ch;

	ps->max = 100;
	while ((ch = getopt_long(argc, argv, "t:i:s:a:n:S:T:AhV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 't':
			ps->feed.title = optarg;
			break;
		case 'i':
			ps->feed.id = optarg;
			break;
		case 's':
			ps->feed.self = optarg;
			break;
		case 'a':
			ps->feed.author = optarg;
			break;
		case 'n':
			ps->max = parse_max(optarg);
			break;
		case 'S':
			run->filter.source = optarg;
			break;
		case 'T':
			run->tag = optarg;
			break;
		case 'A':
			ps->order = STORE_BY_ARRIVAL;
			break;
		case 'V':
			printf("feedd-atom %s\n", PACKAGE_VERSION);
			exit(0);
		case 'h':
			usage(0);
		default:
			usage(2);
		}
	}
	if (argc - optind != 1 || (run->filter.source != NULL &&
	    run->tag != NULL))
		usage(2);
	return optind;
}

/* The defaults of a feed of the folder dir (and of a source or a tag). */
static void
defaults(struct atom_run *run, const char *dir, char **title, char **id)
{
	struct publish_settings	*ps = &run->ps;
	const char		*part = run->filter.source != NULL ?
				    run->filter.source : run->tag;
	char			*base;

	*title = *id = NULL;
	if (ps->max == 0)
		ps->max = store_count(run->st);
	if (ps->feed.title == NULL) {
		base = default_title(dir);
		*title = part == NULL ? base : xasprintf("%s: %s", base, part);
		if (part != NULL)
			free(base);
		ps->feed.title = *title;
	}
	if (ps->feed.id == NULL && ps->feed.self != NULL)
		ps->feed.id = ps->feed.self;
	if (ps->feed.id == NULL) {
		base = default_id(dir);
		*id = part == NULL ? base : publish_view_id(base,
		    run->tag != NULL ? "tags" : "sources", part);
		if (part != NULL)
			free(base);
		ps->feed.id = *id;
	}
	if (ps->feed.author == NULL)
		ps->feed.author = "feedd";
}

int
main(int argc, char *argv[])
{
	struct atom_run	 run;
	struct buf	 out;
	const char	*dir;
	char		*title, *id, *cause;
	int		 rv = 0;

	log_init("feedd-atom", LOG_LEVEL_INFO);
	memset(&run, 0, sizeof run);
	dir = argv[parse_args(argc, argv, &run)];
	if ((run.st = store_open(dir, STORE_READONLY | STORE_WARN |
	    STORE_NOLINKS, &cause)) == NULL) {
		log_errx("%s", cause);
		free(cause);
		return 1;
	}
	if (run.tag != NULL) {
		run.filter.want = want_tag;
		run.filter.arg = &run;
	}
	run.ps.filter = &run.filter;
	defaults(&run, dir, &title, &id);
	buf_init(&out, BUF_NOLIMIT);
	publish_feed(run.st, &run.ps, &out);
	if (fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0) {
		log_warn("stdout");
		rv = 1;
	}
	buf_free(&out);
	store_close(run.st);
	free(title);
	free(id);
	return rv;
}
