/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

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
 * A journal is text: the line "feedd-meta 1", then one record a line:
 *
 *	HHHHHHHHHHHHHHHH src=NAME seen=SECONDS
 *
 * fields after the hash are KEY=VALUE, separated by one space, in any
 * order; a value has its bytes below 0x21, 0x7f and '%' written as %XX.
 * Keys a reader does not know are passed over, so that later versions can
 * add fields.
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

/* Append value to out, escaped. */
static void
meta_escape(struct buf *out, const char *value)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)value; *p != '\0'; p++) {
		if (*p < 0x21 || *p == 0x7f || *p == '%')
			buf_printf(out, "%%%02X", *p);
		else
			buf_addc(out, (char)*p);
	}
}

void
meta_format(struct buf *out, const struct meta_record *r)
{
	buf_printf(out, "%016" PRIx64 " src=", r->hash);
	meta_escape(out, r->source != NULL ? r->source : "");
	buf_printf(out, " seen=%" PRId64 "\n", r->seen);
}

/* Unescape the value s..end into out (room for end - s + 1); -1 if bad. */
static int
meta_unescape(const char *s, const char *end, char *out)
{
	int	hi, lo;

	for (; s < end; s++) {
		if (*s != '%') {
			*out++ = *s;
			continue;
		}
		if (end - s < 3 || (hi = uri_hex_digit(s[1])) == -1 ||
		    (lo = uri_hex_digit(s[2])) == -1 || (hi == 0 && lo == 0))
			return -1;
		*out++ = (char)(hi << 4 | lo);
		s += 2;
	}
	*out = '\0';
	return 0;
}

/* Read one line (NUL-terminated, no newline) into r; -1 if not a record. */
static int
meta_parse(char *line, struct meta_record *r, char *source)
{
	char		*field, *end, *eq;
	long long	 seen;

	memset(r, 0, sizeof *r);
	r->source = "";
	if (strlen(line) < 16 || (line[16] != ' ' && line[16] != '\0'))
		return -1;
	for (end = line; end < line + 16; end++) {
		if (uri_hex_digit(*end) == -1)
			return -1;
	}
	r->hash = strtoull(line, NULL, 16);
	for (field = line + 16; *field == ' '; field = end) {
		field++;
		end = field + strcspn(field, " ");
		if ((eq = memchr(field, '=', (size_t)(end - field))) == NULL)
			return -1;
		if (eq - field == 3 && memcmp(field, "src", 3) == 0) {
			if (end - eq - 1 > META_SOURCE_MAX * 3 ||
			    meta_unescape(eq + 1, end, source) == -1 ||
			    strlen(source) > META_SOURCE_MAX)
				return -1;
			r->source = source;
		} else if (eq - field == 4 && memcmp(field, "seen", 4) == 0) {
			if (sscanf(eq + 1, "%lld", &seen) != 1)
				return -1;
			r->seen = (int64_t)seen;
		}
	}
	return *field == '\0' ? 0 : -1;
}

size_t
meta_load(int dfd, void (*cb)(void *, const struct meta_record *),
    void *arg, int *damaged)
{
	struct meta_record	 r;
	struct buf		 b;
	char			*line, *nl, *why, *source;
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
	source = xmalloc(META_SOURCE_MAX * 3 + 1);
	line = b.data + sizeof META_MAGIC;
	/* A last line without its newline was cut off: not a record. */
	for (; (nl = memchr(line, '\n', b.len - (size_t)(line - b.data))) !=
	    NULL; line = nl + 1) {
		*nl = '\0';
		lines++;
		if (meta_parse(line, &r, source) == 0)
			cb(arg, &r);
		else
			*damaged = 1;
	}
	free(source);
	buf_free(&b);
	return lines;
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
meta_append(struct meta *m, const void *data, size_t len, char **cause)
{
	struct stat	sb;
	int		fd, err;

	if ((fd = openat(m->dfd, META_FILE, O_WRONLY | O_APPEND | O_CREAT |
	    O_CLOEXEC | O_NOFOLLOW, 0644)) == -1 || fstat(fd, &sb) == -1)
		goto fail;
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
