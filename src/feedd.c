/* SPDX-License-Identifier: ISC */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "conf.h"
#include "feedparse.h"
#include "log.h"
#include "loop.h"

/*
 * feedd: the daemon.  Options and start-up; the work is in loop.c.
 */

static void	usage(int) __attribute__((noreturn));

/* The usage line: on stdout for --help, else on stderr with status 2. */
static void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: feedd [-c FILE] "
	    "[--check | --once | --explain NAME] [-v]\n");
	exit(status);
}

int
main(int argc, char *argv[])
{
	static const struct option	 longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'n' },
		{ "once", no_argument, NULL, 'o' },
		{ "explain", required_argument, NULL, 'e' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct conf			*c;
	const char			*path = CONF_PATH, *explain = NULL;
	char				*cause;
	int				 ch, check = 0, once = 0, level, rv;

	level = LOG_LEVEL_INFO;
	while ((ch = getopt_long(argc, argv, "c:nvhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'o':
			once = 1;
			break;
		case 'e':
			explain = optarg;
			break;
		case 'v':
			level = LOG_LEVEL_DEBUG;
			break;
		case 'h':
			usage(0);
		case 'V':
			printf("feedd %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(2);
		}
	}
	if (argc != optind || check + once + (explain != NULL) > 1)
		usage(2);
	log_init("feedd", level);

	if ((c = conf_load(path, &cause)) == NULL) {
		log_errx("%s", cause);
		free(cause);
		return 1;
	}
	if (check) {
		printf("%s: OK, %zu source%s\n", path, c->nsources,
		    c->nsources == 1 ? "" : "s");
		conf_free(c);
		return 0;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("curl_global_init failed");
	if (explain != NULL)
		rv = loop_explain(c, explain);
	else
		rv = loop_run(path, c, once);
	curl_global_cleanup();
	feedparse_cleanup();
	return rv;
}
