/* SPDX-License-Identifier: ISC */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

/* Growable buffers with a hard cap, in the manner of curl's dynbuf. */

static int	buf_has_room(const struct buf *, size_t);
static int	buf_grow(struct buf *, size_t);

/*
 * Whether need more bytes and the terminator fit as the buffer is, within
 * its cap: the usual case of an append, told without a call to grow.
 */
static int
buf_has_room(const struct buf *b, size_t need)
{
	return need <= b->max - b->len && need < b->size - b->len;
}

/* Make room for need more bytes and the terminator; -1 past the cap. */
static int
buf_grow(struct buf *b, size_t need)
{
	size_t	want, size;

	if (need > b->max || b->len > b->max - need)
		return -1;
	want = b->len + need + 1;
	if (want <= b->size)
		return 0;
	size = b->size ? b->size : 64;
	while (size < want)
		size = size > ((size_t)-1) / 2 ? want : size * 2;
	b->data = xreallocarray(b->data, 1, size);
	b->size = size;
	return 0;
}

/* An empty buffer that may hold at most max bytes. */
void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->size = 0;
	b->max = max;
}

/* Free the data; the buffer may be used again. */
void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->size = 0;
}

/* Empty the buffer, keeping its memory. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Append len bytes. */
int
buf_add(struct buf *b, const void *data, size_t len)
{
	if (!buf_has_room(b, len) && buf_grow(b, len) == -1)
		return -1;
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

/* Append one byte. */
int
buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

/* Append a string without its terminator. */
int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

/* Append formatted text. */
int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	 small[256];
	char	*big;
	int	 n, rv;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof small)
		return buf_add(b, small, n);
	big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rv = buf_add(b, big, n);
	free(big);
	return rv;
}

/* Room for n more bytes, written directly; NULL past the cap. */
char *
buf_reserve(struct buf *b, size_t n)
{
	if (!buf_has_room(b, n) && buf_grow(b, n) == -1)
		return NULL;
	return b->data + b->len;
}

/* Count n bytes written into reserved room. */
void
buf_commit(struct buf *b, size_t n)
{
	b->len += n;
	b->data[b->len] = '\0';
}

/* Hand the data to the caller, who frees it; the buffer is left empty. */
char *
buf_release(struct buf *b, size_t *len)
{
	char	*data;

	if (b->data == NULL) {
		buf_grow(b, 0);
		b->data[0] = '\0';
	}
	data = b->data;
	if (len != NULL)
		*len = b->len;
	b->data = NULL;
	b->len = b->size = 0;
	return data;
}
