/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "buf.h"
#include "conf.h"
#include "fileio.h"
#include "log.h"
#include "uri.h"
#include "xmalloc.h"

/*
 * The INI syntax is read here, a line at a time, whatever its length:
 * [section] headers, KEY = VALUE lines, comments.  Every error is kept,
 * each with the file and the line, so that one run says them all.
 */

/* T_FILE: an absolute path to a file readable now. */
/*
 * T_TAGS: names separated by commas, kept as "a,b".  T_KEEP_IF, T_DROP_IF:
 * a filter rule each, added to a struct filter; they may repeat.
 */
enum conf_type { T_STRING, T_PATH, T_FILE, T_DURATION, T_SIZE, T_COUNT,
    T_URL, T_TEXT, T_BOOL, T_TAGS, T_KEEP_IF, T_DROP_IF, T_SECRET,
    T_HEADERS, T_LISTEN };

struct conf_key {
	const char	*section;	/* "feedd", "feed" or "source" */
	const char	*name;
	enum conf_type	 type;
	size_t		 offset;	/* in struct conf or conf_source */
	const char	*def;		/* default, as written in the file */
	int64_t		 min, max;
};

#define C(f)	offsetof(struct conf, f)
#define S(f)	offsetof(struct conf_source, f)
static const struct conf_key conf_keys[] = {
	{ "feedd", "state_dir", T_PATH, C(state_dir), "/var/lib/feedd", 0, 0 },
	{ "feedd", "interval", T_DURATION, C(interval), "30m", 60, 7 * 86400 },
	{ "feedd", "max_parallel", T_COUNT, C(max_parallel), "16", 1, 1024 },
	{ "feedd", "max_per_host", T_COUNT, C(max_per_host), "2", 1, 64 },
	{ "feedd", "timeout", T_DURATION, C(timeout), "30s", 1, 3600 },
	{ "feedd", "max_size", T_SIZE, C(max_size), "10M", 1024,
	    1024 * 1024 * 1024 },
	{ "feedd", "keep", T_COUNT, C(keep), "5000", 1, 100000000 },
	{ "feedd", "max_items", T_COUNT, C(max_items), "1000", 1, 1000000 },
	{ "feedd", "user_agent", T_TEXT, C(user_agent), NULL, 0, 0 },
	{ "feedd", "ca_file", T_FILE, C(ca_file), NULL, 0, 0 },
	{ "feedd", "keep_if", T_KEEP_IF, C(filters), NULL, 0, 0 },
	{ "feedd", "drop_if", T_DROP_IF, C(filters), NULL, 0, 0 },
	{ "feed", "title", T_TEXT, C(feed_title), "feedd", 0, 0 },
	{ "feed", "entries", T_COUNT, C(feed_entries), "200", 1, 100000 },
	{ "feed", "failure_entry_after", T_DURATION, C(failure_entry_after),
	    "1d", 0, 365 * 86400 },
	{ "feed", "id", T_TEXT, C(feed_id), NULL, 0, 0 },
	{ "feed", "self", T_URL, C(feed_self), NULL, 0, 0 },
	{ "feed", "listen", T_LISTEN, C(listen), "127.0.0.1:8765", 0, 0 },
	{ "source", "url", T_URL, S(url), NULL, 0, 0 },
	{ "source", "interval", T_DURATION, S(interval), NULL, 60, 7 * 86400 },
	{ "source", "user_agent", T_TEXT, S(user_agent), NULL, 0, 0 },
	{ "source", "fulltext", T_BOOL, S(fulltext), NULL, 0, 1 },
	{ "source", "keep", T_COUNT, S(keep), NULL, 1, 100000000 },
	{ "source", "tags", T_TAGS, S(tags), NULL, 0, 0 },
	{ "source", "enabled", T_BOOL, S(enabled), NULL, 0, 1 },
	{ "source", "username", T_TEXT, S(username), NULL, 0, 0 },
	{ "source", "password_file", T_SECRET, S(password), NULL, 0, 0 },
	{ "source", "headers_file", T_HEADERS, S(headers), NULL, 0, 0 },
	{ "source", "keep_if", T_KEEP_IF, S(filters), NULL, 0, 0 },
	{ "source", "drop_if", T_DROP_IF, S(filters), NULL, 0, 0 },
};
#undef C
#undef S

struct conf_unit {
	char	letter;
	int64_t	mult;
};

struct conf_parse {
	struct conf	*conf;
	int		 line;
	int		 bad_section;	/* its header was wrong: skip its keys */
	struct buf	 errors;	/* "FILE:LINE: ..." a line each */
	char		*section;	/* the current one, as inih gives it */
	struct conf_source *source;	/* of a [source "..."] section */
	unsigned char	*seen;		/* per key of the current section */
	unsigned char	 global_seen[sizeof conf_keys / sizeof conf_keys[0]];
};

static int64_t	 conf_number(const char *, const struct conf_unit *, char);
static void	 conf_key(struct conf_parse *, const char *, const char *);
static void	 conf_error(struct conf_parse *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
static int	 conf_set(struct conf_parse *, const struct conf_key *, void *,
		     const char *);
static int	 conf_section(struct conf_parse *, const char *);
static int	 conf_valid_name(const char *);

/*
 * A number with an optional unit from units ("s60m", one letter and its
 * multiplier each), then an optional suffix; -1 if s is not one.
 */
static int64_t
conf_number(const char *s, const struct conf_unit *units, char suffix)
{
	char		*end;
	long long	 v;
	int64_t		 mult = 1;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || v > 1000000000)
		return -1;
	for (; units->letter != '\0'; units++) {
		if (*end == units->letter) {
			mult = units->mult;
			end++;
			break;
		}
	}
	if (suffix != '\0' && *end == suffix)
		end++;
	return *end == '\0' ? v * mult : -1;
}

/* Read "30s", "15m", "2h", "1d" or plain seconds. */
int64_t
conf_duration(const char *s)
{
	static const struct conf_unit	units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
		{ '\0', 0 }
	};

	return conf_number(s, units, '\0');
}

/* Read "512", "64K", "10M", "1G" (and "10MB") as bytes. */
int64_t
conf_size(const char *s)
{
	static const struct conf_unit	units[] = {
		{ 'K', 1024 }, { 'k', 1024 }, { 'M', 1024 * 1024 },
		{ 'G', 1024 * 1024 * 1024 }, { '\0', 0 }
	};

	return conf_number(s, units, 'B');
}

/* Keep an error, with the file and line: all of them are said. */
static void
conf_error(struct conf_parse *cp, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	va_end(ap);
	buf_printf(&cp->errors, "%s%s:%d: %s", cp->errors.len > 0 ? "\n" :
	    "", cp->conf->path, cp->line, msg != NULL ? msg : "error");
	free(msg);
}

/* s without white space at either end, in place. */
static char *
conf_trim(char *s)
{
	size_t	len;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		s[--len] = '\0';
	return s;
}

/* Whether name is fit for a source: it names files and log lines. */
static int
conf_valid_name(const char *name)
{
	if (*name == '\0' || *name == '.' || strlen(name) > CONF_NAME_MAX)
		return 0;
	for (; *name != '\0'; name++) {
		if (!isalnum((unsigned char)*name) && strchr("._-", *name) ==
		    NULL)
			return 0;
	}
	return 1;
}

/* A new section: [feedd], [feed] or [source "NAME"]. */
static int
conf_section(struct conf_parse *cp, const char *section)
{
	struct conf	*c = cp->conf;
	const char	*q, *end;
	char		*name;
	uintptr_t	 at;

	free(cp->section);
	cp->section = xstrdup(section);
	cp->source = NULL;
	if (strcmp(section, "feedd") == 0 || strcmp(section, "feed") == 0) {
		if (cp->seen != cp->global_seen)
			free(cp->seen);
		cp->seen = cp->global_seen;
		return 0;
	}
	if (strncmp(section, "source", 6) != 0 ||
	    !isspace((unsigned char)section[6])) {
		conf_error(cp, "unknown section [%s]", section);
		return -1;
	}
	for (q = section + 6; isspace((unsigned char)*q); q++)
		;
	end = q + strlen(q);
	if (*q != '"' || end - q < 2 || end[-1] != '"') {
		conf_error(cp, "a source section is [source \"NAME\"]");
		return -1;
	}
	name = xstrndup(q + 1, end - q - 2);
	if (!conf_valid_name(name)) {
		conf_error(cp, "source name \"%s\": use letters, digits, "
		    "'.', '_' and '-' (at most %d, not starting with '.')",
		    name, CONF_NAME_MAX);
		free(name);
		return -1;
	}
	if ((at = (uintptr_t)strmap_get(&c->byname, name)) != 0) {
		conf_error(cp, "source \"%s\" is defined twice (first "
		    "at line %d)", name, c->sources[at - 1].line);
		free(name);
		return -1;
	}
	if (c->nsources == c->capsources) {
		c->capsources = c->capsources == 0 ? 16 : c->capsources * 2;
		c->sources = xreallocarray(c->sources, c->capsources,
		    sizeof *c->sources);
	}
	/* The name's string never moves, though the array may. */
	strmap_put(&c->byname, name, (void *)(uintptr_t)(c->nsources + 1));
	cp->source = &c->sources[c->nsources++];
	memset(cp->source, 0, sizeof *cp->source);
	cp->source->name = name;
	cp->source->line = cp->line;
	cp->source->enabled = 1;
	if (cp->seen != cp->global_seen)
		free(cp->seen);
	cp->seen = xcalloc(1, sizeof conf_keys / sizeof conf_keys[0]);
	return 0;
}

/* Read yes/no (true/false, on/off, 1/0) into *v; -1 if neither. */
static int
conf_bool(const char *value, int64_t *v)
{
	static const char	*yes[] = { "yes", "true", "on", "1" };
	static const char	*no[] = { "no", "false", "off", "0" };
	size_t			 i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcmp(value, yes[i]) == 0) {
			*v = 1;
			return 0;
		}
		if (strcmp(value, no[i]) == 0) {
			*v = 0;
			return 0;
		}
	}
	return -1;
}

/* A number of key k's type (a duration, size, count or yes/no) into *v. */
static int
conf_value_number(struct conf_parse *cp, const struct conf_key *k,
    const char *value, int64_t *v)
{
	char		*end;
	long long	 n;

	switch (k->type) {
	case T_DURATION:
		/* "off": 0, where the key's range has it (the feature is off). */
		if (strcmp(value, "off") == 0 && k->min == 0) {
			*v = 0;
			return 0;
		}
		if ((*v = conf_duration(value)) != -1)
			return 0;
		conf_error(cp, "%s: \"%s\" is not a duration (30s, 15m, 2h, "
		    "1d)", k->name, value);
		return -1;
	case T_SIZE:
		if ((*v = conf_size(value)) != -1)
			return 0;
		conf_error(cp, "%s: \"%s\" is not a size (512K, 10M)", k->name,
		    value);
		return -1;
	case T_BOOL:
		if (conf_bool(value, v) == 0)
			return 0;
		conf_error(cp, "%s: \"%s\" is not yes or no", k->name, value);
		return -1;
	default:
		errno = 0;
		n = strtoll(value, &end, 10);
		if (isdigit((unsigned char)*value) && *end == '\0' &&
		    errno == 0) {
			*v = n;
			return 0;
		}
		conf_error(cp, "%s: \"%s\" is not a number", k->name, value);
		return -1;
	}
}

/* Check a text of key k's type (a URL, path, file or string). */
static int
conf_value_text(struct conf_parse *cp, const struct conf_key *k, const char *value)
{
	switch (k->type) {
	case T_URL:
		if ((strncmp(value, "http://", 7) == 0 ||
		    strncmp(value, "https://", 8) == 0) &&
		    uri_is_absolute(value))
			return 0;
		conf_error(cp, "%s: \"%s\" is not an http or https URL",
		    k->name, value);
		return -1;
	case T_PATH:
	case T_FILE:
		if (value[0] != '/') {
			conf_error(cp, "%s: \"%s\" is not an absolute path",
			    k->name, value);
			return -1;
		}
		if (k->type == T_FILE && access(value, R_OK) == -1) {
			conf_error(cp, "%s: %s: %s", k->name, value,
			    strerror(errno));
			return -1;
		}
		return 0;
	default:
		if (*value != '\0')
			return 0;
		conf_error(cp, "%s: empty value", k->name);
		return -1;
	}
}

/*
 * Tags: names as sources have, separated by commas and white space, as
 * "a,b" (each once) into *out.  -1 with the error said.
 */
static int
conf_tags(struct conf_parse *cp, const struct conf_key *k, const char *value,
    char **out)
{
	struct buf	 b;
	char		*copy = xstrdup(value), *p = copy, *tag, *seen;
	int		 rv = 0;

	buf_init(&b, BUF_NOLIMIT);
	while (rv == 0 && (tag = strsep(&p, ",")) != NULL) {
		tag += strspn(tag, " \t");
		tag[strcspn(tag, " \t")] = '\0';
		if (*tag == '\0')
			continue;
		if (!conf_valid_name(tag)) {
			conf_error(cp, "%s: \"%s\" is not a tag (letters, "
			    "digits, '.', '_' and '-', at most 64)", k->name,
			    tag);
			rv = -1;
			break;
		}
		seen = xasprintf(",%s,", tag);
		buf_addc(&b, ',');
		if (strstr(b.data, seen) == NULL)
			buf_printf(&b, "%s", tag);
		else
			b.data[--b.len] = '\0';
		free(seen);
	}
	free(copy);
	if (rv == 0 && b.len == 0) {
		conf_error(cp, "%s: no tag", k->name);
		rv = -1;
	}
	if (rv == 0)
		*out = xstrdup(b.data + 1);
	buf_free(&b);
	return rv;
}

/* Whether line..end is "Name: value" (a token, a colon, no CR). */
static int
conf_header_line(const char *line, const char *end)
{
	const char	*p = line;

	while (p < end && (isalnum((unsigned char)*p) || strchr("!#$%&'*+-.^_`|~",
	    *p) != NULL))
		p++;
	if (p == line || p == end || *p != ':')
		return 0;
	for (; p < end; p++) {
		if (*p == '\r' || ((unsigned char)*p < 0x20 && *p != '\t'))
			return 0;
	}
	return 1;
}

/*
 * A file of secrets (a password, or request headers a line each), read
 * now into *out: the configuration can stay world-readable while the
 * file is not.  Errors never show what the file holds.
 */
static int
conf_secret(struct conf_parse *cp, const struct conf_key *k, const char *path,
    char **out)
{
	struct buf	 b;
	char		*why, *line, *end;
	int		 lineno = 0;

	if (path[0] != '/') {
		conf_error(cp, "%s: \"%s\" is not an absolute path", k->name,
		    path);
		return -1;
	}
	buf_init(&b, 8192);
	if (file_read_at(AT_FDCWD, path, &b, &why) == -1) {
		conf_error(cp, "%s: %s: %s", k->name, path, why);
		free(why);
		buf_free(&b);
		return -1;
	}
	buf_adds(&b, "");
	if (k->type == T_SECRET)
		b.data[strcspn(b.data, "\r\n")] = '\0';
	for (line = b.data; k->type == T_HEADERS && *line != '\0';
	    line = end + (*end != '\0')) {
		end = line + strcspn(line, "\n");
		lineno++;
		if (end == line || *line == '#')
			continue;
		if (!conf_header_line(line, end)) {
			conf_error(cp, "%s: %s:%d: not a header (Name: value)",
			    k->name, path, lineno);
			buf_free(&b);
			return -1;
		}
	}
	if (*b.data == '\0') {
		conf_error(cp, "%s: %s is empty", k->name, path);
		buf_free(&b);
		return -1;
	}
	free(*out);
	*out = buf_release(&b, NULL);
	return 0;
}

/* Check value for key and store it at dst. */
static int
conf_set(struct conf_parse *cp, const struct conf_key *k, void *dst,
    const char *value)
{
	struct sockaddr_storage	 ss;
	char	**text = (char **)((char *)dst + k->offset), *cause;
	int64_t	 *num = (int64_t *)((char *)dst + k->offset), v = 0;

	if (k->type == T_SECRET || k->type == T_HEADERS) {
		if (conf_secret(cp, k, value, text) == 0)
			return 0;
		return -1;
	}
	if (k->type == T_KEEP_IF || k->type == T_DROP_IF) {
		if (filter_add((struct filter *)((char *)dst + k->offset),
		    k->type == T_KEEP_IF, value, &cause) == 0)
			return 0;
		conf_error(cp, "%s: %s", k->name, cause);
		free(cause);
		return -1;
	}
	if (k->type == T_TAGS) {
		free(*text);
		*text = NULL;
		return conf_tags(cp, k, value, text);
	}
	if (k->type == T_LISTEN && strcmp(value, "off") != 0 &&
	    conf_listen_addr(value, &ss, &cause) == -1) {
		conf_error(cp, "%s: %s", k->name, cause);
		free(cause);
		return -1;
	}
	if (k->type == T_URL || k->type == T_PATH || k->type == T_FILE ||
	    k->type == T_LISTEN ||
	    k->type == T_STRING || k->type == T_TEXT) {
		if (conf_value_text(cp, k, value) == -1)
			return -1;
		free(*text);
		*text = xstrdup(value);
		return 0;
	}
	if (conf_value_number(cp, k, value, &v) == -1)
		return -1;
	if (k->type != T_BOOL && (v < k->min || v > k->max)) {
		conf_error(cp, "%s: %s is out of range (%lld to %lld%s)",
		    k->name, value, (long long)k->min, (long long)k->max,
		    k->type == T_DURATION ? " seconds" : k->type == T_SIZE ?
		    " bytes" : "");
		return -1;
	}
	*num = v;
	return 0;
}

/* The edit distance of a and b, for "did you mean". */
static size_t
conf_distance(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b), i, j, d[64], prev, t;

	if (lb >= sizeof d / sizeof d[0])
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			t = d[j];
			d[j] = a[i - 1] == b[j - 1] ? prev : 1 + (prev < d[j] ?
			    (prev < d[j - 1] ? prev : d[j - 1]) :
			    (d[j] < d[j - 1] ? d[j] : d[j - 1]));
			prev = t;
		}
	}
	return d[lb];
}

/* The key of section kind nearest to name, when it is near; or NULL. */
static const char *
conf_nearest(const char *kind, const char *name)
{
	const char	*best = NULL;
	size_t		 i, d, bestd = 3;

	for (i = 0; i < sizeof conf_keys / sizeof conf_keys[0]; i++) {
		if (strcmp(conf_keys[i].section, kind) != 0)
			continue;
		if ((d = conf_distance(name, conf_keys[i].name)) < bestd) {
			bestd = d;
			best = conf_keys[i].name;
		}
	}
	return best;
}

/* One key = value line of the current section. */
static void
conf_key(struct conf_parse *cp, const char *name, const char *value)
{
	const char	*kind, *near;
	size_t		 i;

	if (cp->bad_section)
		return;		/* its header was said to be wrong */
	if (cp->section == NULL) {
		conf_error(cp, "\"%s\" comes before any [section]", name);
		return;
	}
	kind = cp->source != NULL ? "source" : cp->section;
	for (i = 0; i < sizeof conf_keys / sizeof conf_keys[0]; i++) {
		if (strcmp(conf_keys[i].section, kind) != 0 ||
		    strcmp(conf_keys[i].name, name) != 0)
			continue;
		/* A rule may repeat; a setting may not. */
		if (cp->seen[i] && conf_keys[i].type != T_KEEP_IF &&
		    conf_keys[i].type != T_DROP_IF) {
			conf_error(cp, "%s is set twice in [%s]", name,
			    cp->section);
			return;
		}
		cp->seen[i] = 1;
		if (conf_set(cp, &conf_keys[i], cp->source != NULL ?
		    (void *)cp->source : (void *)cp->conf, value) == -1 &&
		    cp->source != NULL && strcmp(name, "url") == 0)
			cp->source->url_error = 1;	/* said already */
		return;
	}
	if ((near = conf_nearest(kind, name)) != NULL)
		conf_error(cp, "unknown key \"%s\" in [%s]; did you mean "
		    "\"%s\"?", name, cp->section, near);
	else
		conf_error(cp, "unknown key \"%s\" in [%s]", name,
		    cp->section);
}

/* A [header] line: s is what is inside the brackets. */
static void
conf_header(struct conf_parse *cp, const char *s, size_t len)
{
	char	*section = xstrndup(s, len);

	cp->bad_section = conf_section(cp, conf_trim(section)) == -1;
	free(section);
}

/*
 * One line (NUL-terminated, its newline gone): a comment, a [section],
 * or KEY = VALUE (":" is taken for "=", as libinih took it); a value
 * ends before " ;" (a comment after it).
 */
static void
conf_line(struct conf_parse *cp, char *line)
{
	char	*p = conf_trim(line), *sep, *end, *c;

	if (*p == '\0' || *p == ';' || *p == '#')
		return;
	if (*p == '[') {
		if ((end = strrchr(p, ']')) == NULL) {
			conf_error(cp, "a section header is [NAME]: \"%s\"",
			    p);
			cp->bad_section = 1;
			return;
		}
		conf_header(cp, p + 1, (size_t)(end - p - 1));
		return;
	}
	if ((sep = p + strcspn(p, "=:")) == p || *sep == '\0') {
		conf_error(cp, "not a [section] or KEY = VALUE line: \"%s\"",
		    p);
		return;
	}
	*sep = '\0';
	for (c = sep + 1; (c = strchr(c, ';')) != NULL; c++) {
		if (c[-1] == ' ' || c[-1] == '\t') {
			*c = '\0';
			break;
		}
	}
	conf_key(cp, conf_trim(p), conf_trim(sep + 1));
}

/*
 * The file, if it is a regular one: a folder, a device or a FIFO given
 * as the configuration is an error (never "0 sources"), and opening it
 * never waits.
 */
static int
conf_open(const char *path, char **cause)
{
	struct stat	 sb;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		*cause = xasprintf("%s: not a regular file", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* Read the whole file and each of its lines. */
static int
conf_read(struct conf_parse *cp, const char *path, char **cause)
{
	struct buf	 b;
	char		*why, *line, *nl;
	int		 fd;

	if ((fd = conf_open(path, cause)) == -1)
		return -1;
	buf_init(&b, CONF_FILE_MAX);
	/* The file opened and found regular, not one at the path since. */
	if (file_read_fd(fd, 0, &b, &why) == -1) {
		*cause = xasprintf("%s: %s", path, why);
		free(why);
		buf_free(&b);
		close(fd);
		return -1;
	}
	close(fd);
	buf_adds(&b, "");
	line = b.data;
	if (strncmp(line, "\xef\xbb\xbf", 3) == 0)
		line += 3;	/* a BOM */
	for (; *line != '\0'; line = nl) {
		cp->line++;
		nl = line + strcspn(line, "\n");
		if (*nl == '\n')
			*nl++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		conf_line(cp, line);
	}
	buf_free(&b);
	return 0;
}

/* Read and check path. */
struct conf *
conf_load(const char *path, char **cause)
{
	struct conf_parse	 cp;
	struct conf		*c;
	size_t			 i;

	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	memset(&cp, 0, sizeof cp);
	cp.conf = c;
	buf_init(&cp.errors, BUF_NOLIMIT);
	for (i = 0; i < sizeof conf_keys / sizeof conf_keys[0]; i++) {
		if (conf_keys[i].def != NULL &&
		    strcmp(conf_keys[i].section, "source") != 0)
			conf_set(&cp, &conf_keys[i], c, conf_keys[i].def);
	}
	if (conf_read(&cp, path, cause) == -1) {
		buf_free(&cp.errors);
		conf_free(c);
		return NULL;
	}
	for (i = 0; i < c->nsources; i++) {
		if (c->sources[i].url == NULL && !c->sources[i].url_error) {
			cp.line = c->sources[i].line;
			conf_error(&cp, "source \"%s\" has no url",
			    c->sources[i].name);
		}
		if (c->sources[i].interval == 0)
			c->sources[i].interval = c->interval;
	}
	/* listen = off: no HTTP server (feed.atom is still written). */
	if (c->listen != NULL && strcmp(c->listen, "off") == 0) {
		free(c->listen);
		c->listen = NULL;
	}
	if (cp.seen != cp.global_seen)
		free(cp.seen);
	free(cp.section);
	if (cp.errors.len > 0) {
		*cause = buf_release(&cp.errors, NULL);
		conf_free(c);
		return NULL;
	}
	buf_free(&cp.errors);
	return c;
}

/* Free a secret, its bytes wiped first. */
static void
conf_burn(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

void
conf_free(struct conf *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nsources; i++) {
		free(c->sources[i].name);
		free(c->sources[i].url);
		free(c->sources[i].user_agent);
		free(c->sources[i].tags);
		free(c->sources[i].username);
		conf_burn(c->sources[i].password);
		conf_burn(c->sources[i].headers);
		filter_free(&c->sources[i].filters);
	}
	free(c->sources);
	strmap_free(&c->byname);
	free(c->path);
	free(c->state_dir);
	free(c->user_agent);
	filter_free(&c->filters);
	free(c->ca_file);
	free(c->feed_title);
	free(c->feed_id);
	free(c->feed_self);
	free(c->listen);
	free(c);
}

/* The source named name, or NULL. */
const struct conf_source *
conf_source(const struct conf *c, const char *name)
{
	uintptr_t	at = (uintptr_t)strmap_get(&c->byname, name);

	return at != 0 ? &c->sources[at - 1] : NULL;
}

size_t
conf_enabled(const struct conf *c)
{
	size_t	i, n = 0;

	for (i = 0; i < c->nsources; i++)
		n += c->sources[i].enabled != 0;
	return n;
}

void
conf_reloaded(const struct conf *old, struct conf *c)
{
	if (strcmp(c->state_dir, old->state_dir) != 0)
		log_warnx("%s: state_dir cannot change while running; "
		    "restart feedd for it", c->path);
	if ((c->listen == NULL) != (old->listen == NULL) ||
	    (c->listen != NULL && strcmp(c->listen, old->listen) != 0))
		log_warnx("%s: listen cannot change while running; "
		    "restart feedd for it", c->path);
	if (c->nsources == 0 && old->nsources > 0)
		log_warnx("%s: no source in the file: all %zu are removed",
		    c->path, old->nsources);
	free(c->state_dir);
	c->state_dir = xstrdup(old->state_dir);
}

void
conf_say_errors(const char *errors, void (*say)(const char *, ...))
{
	const char	*p, *nl;

	for (p = errors; *p != '\0'; p = nl + (*nl != '\0')) {
		nl = p + strcspn(p, "\n");
		say("%.*s", (int)(nl - p), p);
	}
}

int
conf_listen_addr(const char *listen, struct sockaddr_storage *ss, char **why)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)ss;
	char			*host, *port, *end;
	long			 p;
	int			 rv = 0;

	memset(ss, 0, sizeof *ss);
	host = xstrdup(listen);
	if (host[0] == '[' && (end = strchr(host, ']')) != NULL &&
	    end[1] == ':') {
		*end = '\0';
		port = end + 2;
		memmove(host, host + 1, strlen(host));
	} else if ((port = strrchr(host, ':')) != NULL)
		*port++ = '\0';
	p = port != NULL ? strtol(port, &end, 10) : -1;
	if (port == NULL || *port == '\0' || *end != '\0' || p < 1 ||
	    p > 65535) {
		*why = xasprintf("\"%s\" is not ADDRESS:PORT (an IP address "
		    "and a port from 1 to 65535; \"off\" for none)", listen);
		rv = -1;
	} else if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)p);
	} else if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)p);
	} else {
		*why = xasprintf("\"%s\" is not an IP address (a name such "
		    "as localhost is not looked up: write 127.0.0.1)", host);
		rv = -1;
	}
	free(host);
	return rv;
}
