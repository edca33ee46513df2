/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "meta.h"
#include "uri.h"
#include "xmalloc.h"

/*
 * A journal is text: the line "feedd-meta 1", then one record a line,
 * an article's or a source's:
 *
 *	HHHHHHHHHHHHHHHH src=NAME seen=SECONDS pub=SECONDS upd=SECONDS
 *	    author=NAME|EMAIL|URI cat=TERM|SCHEME|LABEL enc=URL|TYPE|LENGTH
 *	@ src=NAME title=TEXT link=URL id=TEXT url=URL tags=A,B
 *
 * fields after the first are KEY=VALUE, separated by one space, in any
 * order (author, cat and enc repeat); a value has its bytes below 0x21,
 * 0x7f, '%' and '|' written as %XX, and '|' separates the parts of one,
 * an empty part being none.  Keys a reader does not know are passed over,
 * so that later versions can add fields.
 */
#define META_MAGIC	"feedd-meta 1"

struct meta {
	char	*dir;
	int	 dfd;		/* the folder; not ours */
	int	 torn;		/* a failed append could not be cut back */
};

void
meta_header(struct buf *out)
{
	buf_adds(out, META_MAGIC "\n");
}

/* Append value (NULL: empty) to out, escaped. */
static void
meta_escape(struct buf *out, const char *value)
{
	const unsigned char	*p;

	if (value == NULL)
		return;
	for (p = (const unsigned char *)value; *p != '\0'; p++) {
		if (*p < 0x21 || *p == 0x7f || *p == '%' || *p == '|')
			buf_printf(out, "%%%02X", *p);
		else
			buf_addc(out, (char)*p);
	}
}

/* " key=" and the escaped value, unless it is NULL. */
static void
meta_field(struct buf *out, const char *key, const char *value)
{
	if (value == NULL)
		return;
	buf_printf(out, " %s=", key);
	meta_escape(out, value);
}

/* " key=" and parts joined by '|'. */
static void
meta_parts(struct buf *out, const char *key, const char *a, const char *b,
    const char *c)
{
	buf_printf(out, " %s=", key);
	meta_escape(out, a);
	buf_addc(out, '|');
	meta_escape(out, b);
	buf_addc(out, '|');
	meta_escape(out, c);
}

void
meta_format(struct buf *out, const struct meta_entry *e)
{
	char	len[32];
	size_t	i;

	buf_printf(out, "%016" PRIx64 " src=", e->hash);
	meta_escape(out, e->source != NULL ? e->source : "");
	buf_printf(out, " seen=%" PRId64, e->seen);
	if (e->published != 0)
		buf_printf(out, " pub=%" PRId64, e->published);
	if (e->updated != 0)
		buf_printf(out, " upd=%" PRId64, e->updated);
	for (i = 0; i < e->nauthors; i++)
		meta_parts(out, "author", e->authors[i].name,
		    e->authors[i].email, e->authors[i].uri);
	for (i = 0; i < e->ncategories; i++)
		meta_parts(out, "cat", e->categories[i].term,
		    e->categories[i].scheme, e->categories[i].label);
	for (i = 0; i < e->nenclosures; i++) {
		snprintf(len, sizeof len, "%" PRId64, e->enclosures[i].length);
		meta_parts(out, "enc", e->enclosures[i].url,
		    e->enclosures[i].type, e->enclosures[i].length >= 0 ?
		    len : NULL);
	}
	buf_addc(out, '\n');
}

void
meta_format_source(struct buf *out, const struct meta_source *s)
{
	buf_adds(out, "@ src=");
	meta_escape(out, s->name);
	meta_field(out, "title", s->title);
	meta_field(out, "link", s->link);
	meta_field(out, "id", s->id);
	meta_field(out, "url", s->url);
	meta_field(out, "tags", s->tags);
	buf_addc(out, '\n');
}

/*
 * Unescape s..end up to a '|' into a new string (NULL when empty);
 * *next is after the '|' (or at end).  -1 if the value is bad.
 */
static int
meta_part(const char *s, const char *end, char **out, const char **next)
{
	char	*w;
	int	 hi, lo;

	*out = NULL;
	w = *out = xmalloc((size_t)(end - s) + 1);
	for (; s < end && *s != '|'; s++) {
		if (*s != '%') {
			*w++ = *s;
			continue;
		}
		if (end - s < 3 || (hi = uri_hex_digit(s[1])) == -1 ||
		    (lo = uri_hex_digit(s[2])) == -1 || (hi == 0 && lo == 0)) {
			free(*out);
			*out = NULL;
			return -1;
		}
		*w++ = (char)(hi << 4 | lo);
		s += 2;
	}
	*w = '\0';
	*next = s < end ? s + 1 : s;
	if (**out == '\0') {
		free(*out);
		*out = NULL;
	}
	return 0;
}

/* The parts of a value into out[0..n); -1 if bad. */
static int
meta_split(const char *s, const char *end, char **out, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (meta_part(s, end, &out[i], &s) == -1) {
			while (i-- > 0)
				free(out[i]);
			return -1;
		}
	}
	return 0;
}

/* A number; -1 if bad. */
static int
meta_number(const char *s, const char *end, int64_t *v)
{
	char		*e;
	long long	 n;

	n = strtoll(s, &e, 10);
	if (e != end || e == s)
		return -1;
	*v = (int64_t)n;
	return 0;
}

/* Append to an entry's lists: an author, a category or an enclosure. */
static int
meta_entry_add(struct meta_entry *e, const char *key, size_t klen,
    const char *v, const char *end)
{
	char	*p[3];
	int64_t	 len = -1;

	if (meta_split(v, end, p, 3) == -1)
		return -1;
	if (klen == 6 && memcmp(key, "author", 6) == 0) {
		e->authors = xreallocarray(e->authors, e->nauthors + 1,
		    sizeof *e->authors);
		e->authors[e->nauthors++] = (struct feed_person){ p[0], p[1],
		    p[2] };
	} else if (klen == 3 && memcmp(key, "cat", 3) == 0 && p[0] != NULL) {
		e->categories = xreallocarray(e->categories, e->ncategories + 1,
		    sizeof *e->categories);
		e->categories[e->ncategories++] = (struct feed_category){ p[0],
		    p[1], p[2] };
	} else if (klen == 3 && memcmp(key, "enc", 3) == 0 && p[0] != NULL &&
	    (p[2] == NULL || meta_number(p[2], p[2] + strlen(p[2]),
	    &len) == 0)) {
		free(p[2]);
		e->enclosures = xreallocarray(e->enclosures, e->nenclosures + 1,
		    sizeof *e->enclosures);
		e->enclosures[e->nenclosures++] = (struct feed_enclosure){ p[0],
		    p[1], len };
	} else {
		free(p[0]);
		free(p[1]);
		free(p[2]);
	}
	return 0;
}

/* One field of an article's record; all: the lists too.  -1 if bad. */
static int
meta_entry_field(struct meta_entry *e, const char *key, size_t klen,
    const char *v, const char *end, int all)
{
	char	*one;

	if (klen == 3 && memcmp(key, "src", 3) == 0) {
		if (meta_part(v, end, &one, &v) == -1)
			return -1;
		free(e->source);
		e->source = one != NULL ? one : xstrdup("");
		return 0;
	}
	if (klen == 4 && memcmp(key, "seen", 4) == 0)
		return meta_number(v, end, &e->seen);
	if (klen == 3 && memcmp(key, "pub", 3) == 0)
		return meta_number(v, end, &e->published);
	if (klen == 3 && memcmp(key, "upd", 3) == 0)
		return meta_number(v, end, &e->updated);
	return all ? meta_entry_add(e, key, klen, v, end) : 0;
}

/* One field of a source's record.  -1 if bad. */
static int
meta_source_field(struct meta_source *s, const char *key, size_t klen,
    const char *v, const char *end)
{
	static const char	*keys[] = { "src", "title", "link", "id",
				    "url", "tags" };
	char			**dst[] = { &s->name, &s->title, &s->link,
				    &s->id, &s->url, &s->tags };
	char			*one;
	size_t			 i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (klen != strlen(keys[i]) || memcmp(key, keys[i], klen) != 0)
			continue;
		if (meta_part(v, end, &one, &v) == -1)
			return -1;
		free(*dst[i]);
		*dst[i] = one;
	}
	return 0;
}

/*
 * Read one line (NUL-terminated, no newline) into *e or *s, whichever it
 * is (the other is left empty); all: an entry's lists too.  -1 if it is
 * not a record.
 */
static int
meta_parse(const char *line, struct meta_entry *e, struct meta_source *s,
    int all)
{
	const char	*field, *end, *eq;
	int		 source = line[0] == '@' && line[1] == ' ';
	int		 rv = 0;

	memset(e, 0, sizeof *e);
	memset(s, 0, sizeof *s);
	if (source)
		field = line + 1;
	else {
		for (end = line; end < line + 16; end++) {
			if (*end == '\0' || uri_hex_digit(*end) == -1 ||
			    isupper((unsigned char)*end))
				return -1;
		}
		e->hash = strtoull(line, NULL, 16);
		field = line + 16;
	}
	for (; rv == 0 && *field == ' '; field = end) {
		field++;
		end = field + strcspn(field, " ");
		if ((eq = memchr(field, '=', (size_t)(end - field))) == NULL)
			rv = -1;
		else if (source)
			rv = meta_source_field(s, field, (size_t)(eq - field),
			    eq + 1, end);
		else
			rv = meta_entry_field(e, field, (size_t)(eq - field),
			    eq + 1, end, all);
	}
	if (rv == 0 && *field == '\0' && (source ? s->name != NULL :
	    e->source != NULL))
		return 0;
	meta_entry_free(e);
	meta_source_free(s);
	return -1;
}

size_t
meta_load(int dfd, void (*cb)(void *, const struct meta_line *),
    void *arg, int *damaged)
{
	struct meta_entry	 e;
	struct meta_source	 s;
	struct meta_line	 ml;
	struct buf		 b;
	char			*line, *nl, *why;
	size_t			 lines = 0;

	*damaged = 0;
	buf_init(&b, META_MAX);
	if (file_read_at(dfd, META_FILE, &b, &why) == -1) {
		/* None yet is the common case; anything else is said. */
		if (faccessat(dfd, META_FILE, F_OK, 0) == 0)
			*damaged = 1;
		free(why);
		buf_free(&b);
		return 0;
	}
	if (b.len < sizeof META_MAGIC || memcmp(b.data, META_MAGIC "\n",
	    sizeof META_MAGIC) != 0) {
		*damaged = b.len > 0;
		buf_free(&b);
		return 0;
	}
	line = b.data + sizeof META_MAGIC;
	/* A last line without its newline was cut off: not a record. */
	for (; (nl = memchr(line, '\n', b.len - (size_t)(line - b.data))) !=
	    NULL; line = nl + 1) {
		*nl = '\0';
		lines++;
		if (meta_parse(line, &e, &s, 0) == -1) {
			*damaged = 1;
			continue;
		}
		ml.entry = s.name == NULL ? &e : NULL;
		ml.source = s.name != NULL ? &s : NULL;
		ml.off = (uint64_t)(line - b.data);
		cb(arg, &ml);
		meta_entry_free(&e);
		meta_source_free(&s);
	}
	buf_free(&b);
	return lines;
}

int
meta_read(int fd, uint64_t off, struct meta_entry *out, char **cause)
{
	struct meta_source	 s;
	struct buf		 b;
	ssize_t			 n;
	char			*nl = NULL;

	buf_init(&b, META_LINE_MAX);
	while (nl == NULL) {
		if (buf_reserve(&b, 4096) == NULL) {
			*cause = xasprintf("%s: a line over %zu bytes",
			    META_FILE, META_LINE_MAX);
			goto fail;
		}
		if ((n = pread(fd, b.data + b.len, 4096, (off_t)(off +
		    b.len))) <= 0) {
			*cause = xasprintf("%s: %s", META_FILE, n == 0 ?
			    "cut off" : strerror(errno));
			goto fail;
		}
		buf_commit(&b, (size_t)n);
		nl = memchr(b.data, '\n', b.len);
	}
	*nl = '\0';
	if (meta_parse(b.data, out, &s, 1) == -1 || s.name != NULL) {
		meta_source_free(&s);
		*cause = xasprintf("%s: not a record at %" PRIu64, META_FILE,
		    off);
		goto fail;
	}
	buf_free(&b);
	return 0;
fail:
	buf_free(&b);
	return -1;
}

void
meta_entry_free(struct meta_entry *e)
{
	free(e->source);
	feed_meta_free(e->authors, e->nauthors, e->categories, e->ncategories,
	    e->enclosures, e->nenclosures);
	free(e->authors);
	free(e->categories);
	free(e->enclosures);
	memset(e, 0, sizeof *e);
}

void
meta_source_free(struct meta_source *s)
{
	free(s->name);
	free(s->title);
	free(s->link);
	free(s->id);
	free(s->url);
	free(s->tags);
	memset(s, 0, sizeof *s);
}

/*
 * Nothing is opened until an append: the journal is opened for each batch
 * and closed again, so that no descriptor open for writing is held (the
 * file system can be remounted read-only, and feedd starts on one).
 */
struct meta *
meta_open(int dfd, const char *dir)
{
	struct meta	*m;

	m = xcalloc(1, sizeof *m);
	m->dir = xstrdup(dir);
	m->dfd = dfd;
	return m;
}

/* Write data to the open journal fd of size len (its header if empty). */
static int
meta_write(struct meta *m, int fd, off_t len, const void *data,
    size_t size)
{
	struct buf	head;
	int		rv;

	if (len == 0) {
		buf_init(&head, BUF_NOLIMIT);
		meta_header(&head);
		rv = file_write_all(fd, head.data, head.len);
		buf_free(&head);
		if (rv == -1)
			return -1;
	} else if (m->torn && file_write_all(fd, "\n", 1) == -1)
		return -1;	/* a torn line ends here, and is passed over */
	return file_write_all(fd, data, size);
}

int
meta_append(struct meta *m, const void *data, size_t len, uint64_t *at,
    char **cause)
{
	struct stat	sb;
	int		fd, err;

	if ((fd = openat(m->dfd, META_FILE, O_WRONLY | O_APPEND | O_CREAT |
	    O_CLOEXEC | O_NOFOLLOW, 0644)) == -1 || fstat(fd, &sb) == -1)
		goto fail;
	/* Where the data lands: after the header, or the torn line's end. */
	*at = sb.st_size == 0 ? sizeof META_MAGIC :
	    (uint64_t)sb.st_size + (m->torn ? 1 : 0);
	if (meta_write(m, fd, sb.st_size, data, len) == -1) {
		err = errno;
		/* No torn line may stay for the next to be glued to. */
		m->torn = ftruncate(fd, sb.st_size) == -1;
		errno = err;
		goto fail;
	}
	m->torn = 0;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	*cause = xasprintf("%s/%s: %s", m->dir, META_FILE, strerror(errno));
	if (fd != -1)
		close(fd);
	return -1;
}

int
meta_rewrite(struct meta *m, const void *data, size_t len, char **cause)
{
	if (file_write_atomic(m->dir, META_FILE, data, len, cause) == -1)
		return -1;
	m->torn = 0;
	return 0;
}

void
meta_close(struct meta *m)
{
	if (m == NULL)
		return;
	free(m->dir);
	free(m);
}
