/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "html.h"

/*
 * libFuzzer: any bytes as HTML and as plain text.  The oracle: the
 * paragraphs make a valid article body (no empty line, no control
 * character, valid UTF-8), none ends with a space (a line of <pre> may
 * start with its indentation), and the line form holds no newline.
 */

static void
check(struct html_text *t)
{
	struct buf	 b;
	char		*cause = NULL;
	size_t		 i, len;

	buf_init(&b, BUF_NOLIMIT);
	buf_adds(&b, "T\n20220117\nhttps://e.org/\n");
	for (i = 0; i < t->n; i++) {
		len = strlen(t->paras[i]);
		if (len == 0 || t->paras[i][len - 1] == ' ')
			abort();
		buf_adds(&b, t->paras[i]);
		buf_addc(&b, '\n');
	}
	if (t->n > 0 && article_validate(b.data, b.len, &cause) == -1)
		abort();
	buf_free(&b);
	html_text_free(t);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct html_text	 t = { 0 };
	char			*line;

	html_to_paragraphs((const char *)data, size, &t);
	check(&t);
	text_to_paragraphs((const char *)data, size, &t);
	check(&t);
	line = html_to_line((const char *)data, size);
	if (strchr(line, '\n') != NULL)
		abort();
	free(line);
	return 0;
}
