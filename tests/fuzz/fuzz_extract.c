/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "extract.h"
#include "html.h"

/*
 * libFuzzer: any bytes as an article's page.  The oracle: the story's
 * paragraphs make a valid article body, whatever the page.
 */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct html_text	 t = { NULL, 0 };
	struct buf		 b;
	char			*cause = NULL;
	size_t			 i;

	extract_story((const char *)data, size, size > 0 && data[0] & 1 ?
	    "windows-1251" : NULL, &t);
	buf_init(&b, BUF_NOLIMIT);
	buf_adds(&b, "T\n20220117\nhttps://e.org/\n");
	for (i = 0; i < t.n; i++) {
		buf_adds(&b, t.paras[i]);
		buf_addc(&b, '\n');
	}
	if (t.n > 0 && article_validate(b.data, b.len, &cause) == -1)
		abort();
	buf_free(&b);
	html_text_free(&t);
	return 0;
}
