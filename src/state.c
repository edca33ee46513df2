/* SPDX-License-Identifier: ISC */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "fileio.h"
#include "log.h"
#include "state.h"
#include "xmalloc.h"

/* The most bytes a state file may hold (about 200,000 sources). */
#define STATE_MAX	(64 * 1024 * 1024)

/*
 * The file: a first line "feedd-state 1", then a line per source of
 * tab-separated fields, an empty field for an absent value:
 *	name url conf_url etag last_modified next failures last_success
 *	min_interval last_error
 * Values never hold a tab or a newline (they are made spaces).
 */

#define STATE_FILE	"state"
#define STATE_MAGIC	"feedd-state 1"
/* Fields of a line; versions before 0.2 wrote one fewer (no fail_since). */
#define STATE_FIELDS	11

static void	state_field(struct buf *, const char *);
static char	*state_dup(const char *);

/* Set *field to a copy of value. */
void
state_set(char **field, const char *value)
{
	free(*field);
	*field = value != NULL ? xstrdup(value) : NULL;
}

/* An empty field is an absent value. */
static char *
state_dup(const char *s)
{
	return *s != '\0' ? xstrdup(s) : NULL;
}

/* The state of name, made if there is none: found by the index, O(1). */
struct source_state *
state_get(struct state *st, const char *name)
{
	uintptr_t	at = (uintptr_t)strmap_get(&st->index, name);

	if (at != 0)
		return &st->v[at - 1];
	if (st->n == st->cap) {
		st->cap = st->cap == 0 ? 16 : st->cap * 2;
		st->v = xreallocarray(st->v, st->cap, sizeof *st->v);
	}
	memset(&st->v[st->n], 0, sizeof st->v[st->n]);
	st->v[st->n].name = xstrdup(name);
	/* The key is the name's own string, which never moves. */
	strmap_put(&st->index, st->v[st->n].name, (void *)(uintptr_t)(st->n + 1));
	return &st->v[st->n++];
}

static void
state_clear(struct source_state *s)
{
	free(s->name);
	free(s->url);
	free(s->conf_url);
	free(s->etag);
	free(s->last_modified);
	free(s->last_error);
	memset(s, 0, sizeof *s);
}

/* Forget name's state: the last one takes its place (and its index). */
void
state_remove(struct state *st, const char *name)
{
	uintptr_t	at = (uintptr_t)strmap_get(&st->index, name);
	size_t		i;

	if (at == 0)
		return;
	i = at - 1;
	strmap_del(&st->index, st->v[i].name);
	state_clear(&st->v[i]);
	if (i != --st->n) {
		st->v[i] = st->v[st->n];
		strmap_put(&st->index, st->v[i].name, (void *)(uintptr_t)(i + 1));
	}
}

void
state_free(struct state *st)
{
	size_t	i;

	for (i = 0; i < st->n; i++)
		state_clear(&st->v[i]);
	free(st->v);
	strmap_free(&st->index);
	st->v = NULL;
	st->n = st->cap = 0;
}

/* Read dir/state. */
int
state_load(const char *dir, struct state *st, char **cause)
{
	struct buf		 b;
	struct source_state	*s;
	struct stat		 sb;
	char			*path, *line, *next, *f[STATE_FIELDS], *p, *why;
	int			 i, lineno = 1;

	memset(st, 0, sizeof *st);
	path = xasprintf("%s/" STATE_FILE, dir);
	if (stat(path, &sb) == -1) {
		if (errno == ENOENT) {
			free(path);
			return 0;	/* no file: no state */
		}
	} else if (sb.st_size > STATE_MAX) {
		*cause = xasprintf("%s: larger than %d bytes", path, STATE_MAX);
		free(path);
		return STATE_DAMAGED;
	}
	buf_init(&b, STATE_MAX);
	if (file_read_at(AT_FDCWD, path, &b, &why) == -1) {
		*cause = xasprintf("%s: %s", path, why);
		free(why);
		free(path);
		buf_free(&b);
		return -1;
	}
	line = b.data != NULL ? b.data : "";
	if ((next = strchr(line, '\n')) == NULL ||
	    strncmp(line, STATE_MAGIC "\n", strlen(STATE_MAGIC) + 1) != 0) {
		*cause = xasprintf("%s: not a feedd state file", path);
		goto fail;
	}
	for (line = next + 1; *line != '\0'; line = next + 1) {
		lineno++;
		if ((next = strchr(line, '\n')) == NULL) {
			*cause = xasprintf("%s:%d: cut off", path, lineno);
			goto fail;
		}
		*next = '\0';
		for (i = 0, p = line; i < STATE_FIELDS; i++) {
			f[i] = p;
			if ((p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
			else if (i + 1 < STATE_FIELDS)
				break;
		}
		if (i + 1 == STATE_FIELDS - 1)
			f[STATE_FIELDS - 1] = "0";	/* an old line */
		else if (i + 1 < STATE_FIELDS || f[0][0] == '\0') {
			*cause = xasprintf("%s:%d: not a state line", path,
			    lineno);
			goto fail;
		}
		s = state_get(st, f[0]);
		s->url = state_dup(f[1]);
		s->conf_url = state_dup(f[2]);
		s->etag = state_dup(f[3]);
		s->last_modified = state_dup(f[4]);
		s->next = strtoll(f[5], NULL, 10);
		s->failures = strtoll(f[6], NULL, 10);
		s->last_success = strtoll(f[7], NULL, 10);
		s->min_interval = strtoll(f[8], NULL, 10);
		s->last_error = state_dup(f[9]);
		s->fail_since = strtoll(f[10], NULL, 10);
	}
	free(path);
	buf_free(&b);
	return 0;
fail:
	state_free(st);
	free(path);
	buf_free(&b);
	return STATE_DAMAGED;
}

/* Move a damaged dir/state aside; the new name, or NULL with *cause. */
static char *
state_set_aside(const char *dir, int64_t now, char **cause)
{
	char	*from, *to;

	from = xasprintf("%s/" STATE_FILE, dir);
	to = xasprintf("%s/" STATE_FILE ".broken-%lld", dir, (long long)now);
	if (rename(from, to) == -1) {
		*cause = xasprintf("%s: cannot move it aside: %s", from,
		    strerror(errno));
		free(to);
		to = NULL;
	}
	free(from);
	return to;
}

/*
 * One field and its tab; tabs and newlines in it become spaces.  Written
 * straight into the buffer: the whole state is formatted on the loop at
 * every save, 12 MB at 100,000 sources.
 */
static void
state_field(struct buf *b, const char *s)
{
	size_t	 n = s != NULL ? strlen(s) : 0, i;
	char	*p;

	if ((p = buf_reserve(b, n + 1)) == NULL)
		return;		/* the state's buffer has no cap */
	for (i = 0; i < n; i++)
		p[i] = (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') ? ' ' : s[i];
	p[n] = '\t';
	buf_commit(b, n + 1);
}

/* A number and the character after it, without printf's cost. */
static void
state_number(struct buf *b, int64_t v, char after)
{
	char		 digits[24], *p = digits + sizeof digits;
	uint64_t	 u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	*--p = after;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(digits + sizeof digits - p));
}

/* Write dir/state atomically. */
int
state_save(const char *dir, const struct state *st, char **cause)
{
	struct buf	b;
	int		rv;

	buf_init(&b, BUF_NOLIMIT);
	state_format(st, &b);
	rv = state_write(dir, &b, cause);
	buf_free(&b);
	return rv;
}

int
state_write(const char *dir, const struct buf *b, char **cause)
{
	return file_write_atomic(dir, STATE_FILE, b->data, b->len, cause);
}

void
state_format(const struct state *st, struct buf *b)
{
	size_t	i;

	buf_adds(b, STATE_MAGIC "\n");
	for (i = 0; i < st->n; i++) {
		state_field(b, st->v[i].name);
		state_field(b, st->v[i].url);
		state_field(b, st->v[i].conf_url);
		state_field(b, st->v[i].etag);
		state_field(b, st->v[i].last_modified);
		state_number(b, st->v[i].next, '\t');
		state_number(b, st->v[i].failures, '\t');
		state_number(b, st->v[i].last_success, '\t');
		state_number(b, st->v[i].min_interval, '\t');
		state_field(b, st->v[i].last_error);
		state_number(b, st->v[i].fail_since, '\n');
	}
}

size_t
state_failing(const struct state *st)
{
	size_t	i, n = 0;

	for (i = 0; i < st->n; i++) {
		if (st->v[i].failures > 0)
			n++;
	}
	return n;
}

/*
 * A damaged state is moved aside and the daemon starts afresh: conditional
 * GET is lost for one fetch of each source, no article is.
 */
int
state_open(const char *dir, struct state *st, char **cause)
{
	char	*why = NULL, *aside;
	int	 rv;

	if ((rv = state_load(dir, st, cause)) != STATE_DAMAGED)
		return rv;
	if ((aside = state_set_aside(dir, (int64_t)time(NULL), &why)) == NULL) {
		log_warnx("%s", *cause);
		free(*cause);
		*cause = why;
		return -1;
	}
	log_warnx("%s: the state is damaged: moved aside to %s; starting "
	    "with a fresh state (each source is fetched whole once, no "
	    "article is lost)", *cause, aside);
	free(aside);
	free(*cause);
	return 0;
}

void
state_forget_validators(struct state *st)
{
	size_t	i;

	for (i = 0; i < st->n; i++) {
		state_set(&st->v[i].etag, NULL);
		state_set(&st->v[i].last_modified, NULL);
	}
}

void
state_keep(struct state *st, const struct conf *c)
{
	size_t	i = 0;

	while (i < st->n) {
		if (conf_source(c, st->v[i].name) == NULL)
			state_remove(st, st->v[i].name);
		else
			i++;
	}
}

/* The pid written in the lock file fd, or 0. */
static long
state_lock_pid(int fd)
{
	char	b[32];
	ssize_t	n;

	if ((n = pread(fd, b, sizeof b - 1, 0)) <= 0)
		return 0;
	b[n] = '\0';
	return strtol(b, NULL, 10);
}

int
state_lock(const char *dir, char **cause)
{
	char	*path = xasprintf("%s/lock", dir), pid[32];
	int	 fd;

	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0644)) == -1 && errno == EROFS)
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		*cause = errno == EWOULDBLOCK ? xasprintf("%s is in use by "
		    "another feedd (pid %ld)", dir, state_lock_pid(fd)) :
		    xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		free(path);
		return -1;
	}
	/* Who holds it, for the next one to say (not on a read-only disk). */
	snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, strlen(pid), 0) == -1) {
		/* Not said: the lock holds all the same. */
	}
	free(path);
	return fd;
}
