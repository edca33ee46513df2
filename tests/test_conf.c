/* SPDX-License-Identifier: ISC */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "conf.h"

/* feedd.conf: defaults, values, and every error with its file and line. */

static char	path[] = "/tmp/feedd-conf-XXXXXX";

static struct conf *
load(const char *text, char **cause)
{
	FILE	*f;
	int	 fd;

	strcpy(path, "/tmp/feedd-conf-XXXXXX");
	assert_true((fd = mkstemp(path)) != -1);
	assert_non_null(f = fdopen(fd, "w"));
	fputs(text, f);
	fclose(f);
	*cause = NULL;
	return conf_load(path, cause);
}

static void
conf_load__example__values_and_defaults(void **state)
{
	struct conf			*c;
	const struct conf_source	*s;
	char				*cause;

	c = load("[feedd]\n"
	    "state_dir = /var/lib/feedd     ; articles/, feed.atom, state\n"
	    "interval = 30m                 ; default for every source\n"
	    "max_parallel = 16\nmax_per_host = 2\ntimeout = 30s\n"
	    "max_size = 10M\nkeep = 5000\n"
	    "[feed]\ntitle = My news\nentries = 200\n"
	    "[source \"thehill-intl\"]\n"
	    "url = https://thehill.com/policy/international/feed/\n"
	    "interval = 15m\n"
	    "[source \"other\"]\nurl = http://127.0.0.1:8080/feed.xml\n"
	    "user_agent = Mozilla/5.0 (compatible)\n", &cause);
	assert_non_null(c);
	assert_string_equal(c->state_dir, "/var/lib/feedd");
	assert_int_equal(c->interval, 1800);
	assert_int_equal(c->max_parallel, 16);
	assert_int_equal(c->timeout, 30);
	assert_int_equal(c->max_size, 10 * 1024 * 1024);
	assert_int_equal(c->keep, 5000);
	assert_string_equal(c->feed_title, "My news");
	assert_int_equal(c->feed_entries, 200);
	assert_int_equal(c->nsources, 2);
	assert_non_null(s = conf_source(c, "thehill-intl"));
	assert_int_equal(s->interval, 900);
	assert_null(s->user_agent);
	assert_non_null(s = conf_source(c, "other"));
	assert_int_equal(s->interval, 1800);
	assert_string_equal(s->user_agent, "Mozilla/5.0 (compatible)");
	conf_free(c);
	unlink(path);

	/* An empty file is all defaults and no source. */
	c = load("", &cause);
	assert_non_null(c);
	assert_string_equal(c->state_dir, "/var/lib/feedd");
	assert_int_equal(c->max_per_host, 2);
	assert_int_equal(c->nsources, 0);
	conf_free(c);
	unlink(path);
}

static const struct {
	const char	*text;
	const char	*error;	/* after "FILE:" */
} bad[] = {
	{ "[feedd]\nfoo = 1\n", "2: unknown key \"foo\" in [feedd]" },
	{ "[feedd]\ninterval = soon\n",
	    "2: interval: \"soon\" is not a duration (30s, 15m, 2h, 1d)" },
	{ "[feedd]\ninterval = 5s\n",
	    "2: interval: 5s is out of range (60 to 604800 seconds)" },
	{ "[feedd]\nmax_size = 10X\n",
	    "2: max_size: \"10X\" is not a size (512K, 10M)" },
	{ "[feedd]\nmax_parallel = -3\n",
	    "2: max_parallel: \"-3\" is not a number" },
	{ "[feedd]\nmax_parallel = 0\n",
	    "2: max_parallel: 0 is out of range (1 to 1024)" },
	{ "[feedd]\nstate_dir = var/lib\n",
	    "2: state_dir: \"var/lib\" is not an absolute path" },
	{ "[feedd]\nca_file = /nonexistent/ca.pem\n",
	    "2: ca_file: /nonexistent/ca.pem: No such file or directory" },
	{ "[feedd]\nkeep = 10\nkeep = 20\n", "3: keep is set twice in [feedd]" },
	{ "[nope]\nx = 1\n", "1: unknown section [nope]" },
	{ "\n\n[source \"a\"]\nurl = https://e.org/a\n[source \"a\"]\n"
	    "url = https://e.org/b\n",
	    "5: source \"a\" is defined twice (first at line 3)" },
	{ "[source \"a b\"]\nurl = https://e.org/\n",
	    "1: source name \"a b\": use letters, digits, '.', '_' and '-' "
	    "(at most 255, not starting with '.')" },
	{ "[source a]\nurl = https://e.org/\n",
	    "1: a source section is [source \"NAME\"]" },
	{ "[source \"a\"]\nurl = file:///etc/passwd\n",
	    "2: url: \"file:///etc/passwd\" is not an http or https URL" },
	{ "[source \"a\"]\nurl = ftp://e.org/f\n",
	    "2: url: \"ftp://e.org/f\" is not an http or https URL" },
	{ "[source \"a\"]\ninterval = 1h\n", "1: source \"a\" has no url" },
	{ "[source \"a\"]\nurl = https://e.org/\ntitle = x\n",
	    "3: unknown key \"title\" in [source \"a\"]" },
	{ "[feedd]\nthis is not a key\n",
	    "2: not a [section] or KEY = VALUE line: \"this is not a key\"" },
	{ "[feedd]\nintervall = 5m\n",
	    "2: unknown key \"intervall\" in [feedd]; did you mean "
	    "\"interval\"?" },
	{ "[source \"a\"]\nurl = https://e.org/\nfulltex = yes\n",
	    "3: unknown key \"fulltex\" in [source \"a\"]; did you mean "
	    "\"fulltext\"?" },
	{ "state_dir = /x\n", "1: \"state_dir\" comes before any [section]" },
	{ "[feed\n", "1: a section header is [NAME]: \"[feed\"" },
	{ "[feed]\nlisten = localhost:8765\n",
	    "2: listen: \"localhost\" is not an IP address (a name such as "
	    "localhost is not looked up: write 127.0.0.1)" },
	{ "[feed]\nlisten = 127.0.0.1:99999\n",
	    "2: listen: \"127.0.0.1:99999\" is not ADDRESS:PORT (an IP address "
	    "and a port from 1 to 65535; \"off\" for none)" },
	{ "[feed]\nlisten = 8765\n",
	    "2: listen: \"8765\" is not ADDRESS:PORT (an IP address and a port "
	    "from 1 to 65535; \"off\" for none)" },
	/* Every error in one run, each at its line. */
	{ "[feedd]\nkeep = lots\n[bogus]\nx = 1\n[feed]\nentries = 0\n",
	    "2: keep: \"lots\" is not a number\n@:3: unknown section [bogus]"
	    "\n@:6: entries: 0 is out of range (1 to 100000)" },
};

/*
 * No hidden limit: a source name of 200 characters and a line of 9,000
 * bytes (a long search-feed URL) are read whole; a comment after a value
 * goes, a BOM and CR LF line ends do not matter.
 */
static void
conf_load__long_names_and_lines__read_whole(void **state)
{
	struct conf	*c;
	struct buf	 text;
	char		*cause = NULL, name[201], *url;

	memset(name, 'n', 200);
	name[200] = '\0';
	buf_init(&text, BUF_NOLIMIT);
	buf_adds(&text, "\xef\xbb\xbf[feedd]\r\nstate_dir = /tmp/x ; here\r\n");
	buf_printf(&text, "[source \"%s\"]\nurl = https://e.org/search?q=",
	    name);
	while (text.len < 9100)
		buf_adds(&text, "long+query+");
	buf_adds(&text, "end\n");
	c = load(text.data, &cause);
	if (c == NULL)
		fail_msg("refused: %s", cause);
	assert_string_equal(c->state_dir, "/tmp/x");
	assert_int_equal(c->nsources, 1);
	assert_string_equal(c->sources[0].name, name);
	url = c->sources[0].url;
	assert_true(strlen(url) > 8800);
	assert_string_equal(url + strlen(url) - 14, "long+query+end");
	conf_free(c);
	buf_free(&text);
	unlink(path);
}

static void
conf_load__errors__file_and_line(void **state)
{
	struct conf	*c;
	char		*cause, want[1024], rest[1024], *at;
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		c = load(bad[i].text, &cause);
		if (c != NULL)
			fail_msg("case %zu accepted", i);
		snprintf(want, sizeof want, "%s:%s", path, bad[i].error);
		/* "@" in an error: the path again (one error a line). */
		while ((at = strchr(want, '@')) != NULL) {
			snprintf(rest, sizeof rest, "%s%s", path, at + 1);
			snprintf(at, sizeof want - (size_t)(at - want), "%s", rest);
		}
		if (strcmp(cause, want) != 0)
			fail_msg("case %zu: \"%s\", want \"%s\"", i, cause, want);
		free(cause);
		unlink(path);
	}
	assert_null(conf_load("/nonexistent/feedd.conf", &cause));
	assert_string_equal(cause,
	    "/nonexistent/feedd.conf: No such file or directory");
	free(cause);
}

static void
conf_duration_size__forms(void **state)
{
	assert_int_equal(conf_duration("90"), 90);
	assert_int_equal(conf_duration("30s"), 30);
	assert_int_equal(conf_duration("15m"), 900);
	assert_int_equal(conf_duration("2h"), 7200);
	assert_int_equal(conf_duration("1d"), 86400);
	assert_int_equal(conf_duration("1w"), -1);
	assert_int_equal(conf_duration(""), -1);
	assert_int_equal(conf_duration("-5m"), -1);
	assert_int_equal(conf_size("512"), 512);
	assert_int_equal(conf_size("64K"), 65536);
	assert_int_equal(conf_size("10M"), 10485760);
	assert_int_equal(conf_size("1G"), 1073741824);
	assert_int_equal(conf_size("10MB"), 10485760);
	assert_int_equal(conf_size("M"), -1);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(conf_load__example__values_and_defaults),
		cmocka_unit_test(conf_load__errors__file_and_line),
		cmocka_unit_test(conf_load__long_names_and_lines__read_whole),
		cmocka_unit_test(conf_duration_size__forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
