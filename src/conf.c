/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "buf.h"
#include "conf.h"
#include "fileio.h"
#include "log.h"
#include "uri.h"
#include "xmalloc.h"

/*
 * libinih does the INI syntax; this file does the meaning.  inih does not
 * hand its handler a line number, so the reader it is given counts lines
 * (inih calls the handler for a line right after reading it), and also
 * catches lines too long for inih's buffer, which it would otherwise cut
 * silently.
 */

/* T_FILE: an absolute path to a file readable now. */
/*
 * T_TAGS: names separated by commas, kept as "a,b".  T_KEEP_IF, T_DROP_IF:
 * a filter rule each, added to a struct filter; they may repeat.
 */
enum conf_type { T_STRING, T_PATH, T_FILE, T_DURATION, T_SIZE, T_COUNT,
    T_URL, T_TEXT, T_BOOL, T_TAGS, T_KEEP_IF, T_DROP_IF, T_SECRET,
    T_HEADERS };

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
	{ "feed", "listen", T_TEXT, C(listen), "127.0.0.1:8765", 0, 0 },
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
	FILE		*f;
	int		 line;
	int		 section_line;	/* of the last [header] read */
	int		 new_section;	/* a header was read */
	char		*error;		/* the first, "FILE:LINE: ..." */
	char		*section;	/* the current one, as inih gives it */
	struct conf_source *source;	/* of a [source "..."] section */
	unsigned char	*seen;		/* per key of the current section */
	unsigned char	 global_seen[sizeof conf_keys / sizeof conf_keys[0]];
};

static int64_t	 conf_number(const char *, const struct conf_unit *, char);
static char	*conf_reader(char *, int, void *);
static int	 conf_handler(void *, const char *, const char *,
		     const char *);
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

/* inih's reader: fgets that counts lines and catches long ones. */
static char *
conf_reader(char *str, int num, void *arg)
{
	struct conf_parse	*cp = arg;
	size_t			 len;
	char			*p;
	int			 c;

	if (fgets(str, num, cp->f) == NULL)
		return NULL;
	cp->line++;
	len = strlen(str);
	/* inih does not say when a section starts; its header does. */
	for (p = str; isspace((unsigned char)*p); p++)
		;
	if (*p == '[') {
		cp->new_section = 1;
		cp->section_line = cp->line;
	}
	if (len > 0 && str[len - 1] != '\n' && !feof(cp->f)) {
		conf_error(cp, "line longer than %d bytes", num - 2);
		while ((c = fgetc(cp->f)) != EOF && c != '\n')
			;
	}
	return str;
}

/* Keep the first error, with the file and line. */
static void
conf_error(struct conf_parse *cp, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (cp->error != NULL)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	va_end(ap);
	cp->error = xasprintf("%s:%d: %s", cp->conf->path, cp->line,
	    msg != NULL ? msg : "error");
	free(msg);
}

/* Whether name is fit for a source: it names files and log lines. */
static int
conf_valid_name(const char *name)
{
	if (*name == '\0' || *name == '.' || strlen(name) > 64)
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
	size_t		 i;
	int		 line;

	free(cp->section);
	cp->section = xstrdup(section);
	cp->source = NULL;
	/* Errors in the header itself are the header line's. */
	line = cp->line;
	cp->line = cp->section_line ? cp->section_line : cp->line;
	if (strcmp(section, "feedd") == 0 || strcmp(section, "feed") == 0) {
		if (cp->seen != cp->global_seen)
			free(cp->seen);
		cp->seen = cp->global_seen;
		cp->line = line;
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
		    "'.', '_' and '-' (at most 64, not starting with '.')",
		    name);
		free(name);
		return -1;
	}
	for (i = 0; i < c->nsources; i++) {
		if (strcmp(c->sources[i].name, name) == 0) {
			conf_error(cp, "source \"%s\" is defined twice (first "
			    "at line %d)", name, c->sources[i].line);
			free(name);
			return -1;
		}
	}
	c->sources = xreallocarray(c->sources, c->nsources + 1,
	    sizeof *c->sources);
	cp->source = &c->sources[c->nsources++];
	memset(cp->source, 0, sizeof *cp->source);
	cp->source->name = name;
	cp->source->line = cp->line;
	cp->source->enabled = 1;
	if (cp->seen != cp->global_seen)
		free(cp->seen);
	cp->seen = xcalloc(1, sizeof conf_keys / sizeof conf_keys[0]);
	cp->line = line;
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
	if (k->type == T_URL || k->type == T_PATH || k->type == T_FILE ||
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

/* inih's handler: one key = value (or a section with name NULL). */
static int
conf_handler(void *arg, const char *section, const char *name,
    const char *value)
{
	struct conf_parse	*cp = arg;
	const char		*kind;
	size_t			 i;

	if (cp->error != NULL)
		return 0;
	if (cp->new_section || cp->section == NULL ||
	    strcmp(cp->section, section) != 0) {
		cp->new_section = 0;
		if (conf_section(cp, section) == -1)
			return 0;
	}
	if (name == NULL)
		return 1;	/* an empty section */
	kind = cp->source != NULL ? "source" : section;
	for (i = 0; i < sizeof conf_keys / sizeof conf_keys[0]; i++) {
		if (strcmp(conf_keys[i].section, kind) != 0 ||
		    strcmp(conf_keys[i].name, name) != 0)
			continue;
		/* A rule may repeat; a setting may not. */
		if (cp->seen[i] && conf_keys[i].type != T_KEEP_IF &&
		    conf_keys[i].type != T_DROP_IF) {
			conf_error(cp, "%s is set twice in [%s]", name,
			    section);
			return 0;
		}
		cp->seen[i] = 1;
		if (value == NULL) {
			conf_error(cp, "%s has no value", name);
			return 0;
		}
		return conf_set(cp, &conf_keys[i], cp->source != NULL ?
		    (void *)cp->source : (void *)cp->conf, value) == 0;
	}
	conf_error(cp, "unknown key \"%s\" in [%s]", name, section);
	return 0;
}

/*
 * The file, if it is a regular one: a folder, a device or a FIFO given
 * as the configuration is an error (never "0 sources"), and opening it
 * never waits.
 */
static FILE *
conf_open(const char *path, char **cause)
{
	struct stat	 sb;
	FILE		*f;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		*cause = xasprintf("%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

/* Read and check path. */
struct conf *
conf_load(const char *path, char **cause)
{
	struct conf_parse	 cp;
	struct conf		*c;
	size_t			 i;
	int			 rv;

	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	memset(&cp, 0, sizeof cp);
	cp.conf = c;
	for (i = 0; i < sizeof conf_keys / sizeof conf_keys[0]; i++) {
		if (conf_keys[i].def != NULL &&
		    strcmp(conf_keys[i].section, "source") != 0)
			conf_set(&cp, &conf_keys[i], c, conf_keys[i].def);
	}
	if ((cp.f = conf_open(path, cause)) == NULL) {
		conf_free(c);
		return NULL;
	}
	rv = ini_parse_stream(conf_reader, &cp, conf_handler, &cp);
	if (ferror(cp.f) && cp.error == NULL)
		conf_error(&cp, "read error: %s", strerror(errno));
	fclose(cp.f);
	if (cp.error == NULL && rv > 0) {
		cp.line = rv;
		conf_error(&cp, "syntax error (want [section] or key = value)");
	}
	for (i = 0; cp.error == NULL && i < c->nsources; i++) {
		if (c->sources[i].url == NULL) {
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
	if (cp.error != NULL) {
		*cause = cp.error;
		conf_free(c);
		return NULL;
	}
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
	size_t	i;

	for (i = 0; i < c->nsources; i++) {
		if (strcmp(c->sources[i].name, name) == 0)
			return &c->sources[i];
	}
	return NULL;
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
