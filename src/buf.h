/* SPDX-License-Identifier: ISC */
/*
 * buf: a growable byte buffer with a hard cap.  Whatever the network or a
 * file fills is bounded by the cap; an append that would pass it fails and
 * leaves the buffer as it was.  The data is always NUL-terminated.
 */
#ifndef FEEDD_BUF_H
#define FEEDD_BUF_H

#include <stddef.h>

struct buf {
	char	*data;		/* owned; NUL-terminated; NULL until used */
	size_t	 len;
	size_t	 size;		/* bytes allocated */
	size_t	 max;		/* the most len may reach */
};

#define BUF_NOLIMIT	((size_t)-1)

void	buf_init(struct buf *, size_t max);
void	buf_free(struct buf *);
void	buf_reset(struct buf *);
/* Each returns 0, or -1 when the cap would be passed (nothing is added). */
int	buf_add(struct buf *, const void *, size_t);
int	buf_addc(struct buf *, char);
int	buf_adds(struct buf *, const char *);
int	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Room for n more bytes at the end, to be written directly and then
 * counted with buf_commit; NULL when the cap would be passed.
 */
char	*buf_reserve(struct buf *, size_t n);
/* Count n bytes written into the room buf_reserve gave. */
void	buf_commit(struct buf *, size_t n);
/* Hand the data to the caller, who frees it; the buffer is left empty. */
char	*buf_release(struct buf *, size_t *len);

#endif
