/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "feedparse.h"
#include "normalize.h"

/*
 * libFuzzer: any bytes through the parser and the normalizer.  Beyond the
 * sanitizers, the oracle is the article format: whatever the document,
 * every article the normalizer makes must be valid (feedd-article(5)).
 */

struct fuzz_input {
	const uint8_t	*data;
	size_t		 size, off;
	struct normalize_ctx ctx;
};

static ssize_t
fuzz_read(void *arg, char *buf, size_t len)
{
	struct fuzz_input	*in = arg;
	size_t			 n = in->size - in->off;

	/* Small, uneven reads, to cross every chunk boundary. */
	if (n > 7 + in->off % 61)
		n = 7 + in->off % 61;
	if (n > len)
		n = len;
	memcpy(buf, in->data + in->off, n);
	in->off += n;
	return (ssize_t)n;
}

static void
fuzz_feed(void *arg, const struct feed_info *info)
{
	((struct fuzz_input *)arg)->ctx.feed = info;
}

static void
fuzz_item(void *arg, const struct feed_item *it)
{
	struct fuzz_input	*in = arg;
	struct normalized	 n;
	struct buf		 b;
	char			*cause = NULL;

	if (normalize_item(it, &in->ctx, &n, &cause) == -1) {
		free(cause);
		return;
	}
	buf_init(&b, BUF_NOLIMIT);
	article_format(&n.article, &b);
	if (article_validate(b.data, b.len, &cause) == -1)
		abort();	/* the normalizer made an invalid article */
	buf_free(&b);
	normalized_free(&n);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input	in = { data, size, 0, { "fuzz",
				    "https://fuzz.example.org/feed", NULL,
				    1642377600 } };
	struct feedparse_cb	cb = { fuzz_read, fuzz_feed, fuzz_item, NULL,
				    &in };
	char			*cause = NULL;

	if (feedparse(in.ctx.url, &cb, &cause) == -1)
		free(cause);
	return 0;
}
