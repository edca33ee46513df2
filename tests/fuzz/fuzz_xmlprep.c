/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xmlprep.h"

/*
 * libFuzzer: any bytes through xmlprep, whole and in pieces.  The oracle:
 * the output is the same however the input is cut, and it is valid UTF-8
 * with no character that XML forbids.  With CDATA set aside, each mark
 * put back as the section it stands for (holding as many line ends as
 * its piece) gives the output without: nothing is lost or moved.
 */

static void
run(const uint8_t *data, size_t size, size_t piece, int aside,
    struct buf *out, struct buf *pieces)
{
	struct xmlprep	*xp = xmlprep_new();
	size_t		 off, n, len;
	unsigned long	 k;
	char		*s;

	if (aside)
		xmlprep_set_aside(xp);
	for (off = 0; off < size; off += n) {
		n = size - off < piece ? size - off : piece;
		xmlprep_push(xp, (const char *)data + off, n, out);
	}
	xmlprep_finish(xp, out);
	/* The pieces, each with its length before it. */
	for (k = 1; aside && (s = xmlprep_take_cdata(xp, k, &len)) != NULL;
	    k++) {
		buf_add(pieces, &len, sizeof len);
		buf_add(pieces, s, len);
		free(s);
	}
	xmlprep_free(xp);
}

/*
 * Whether at a[j] is the mark of piece k (len bytes at piece, nl line ends
 * in it): "<?feedd-cdata K", nl line ends, "?>".  Its length, or 0.
 */
static size_t
is_mark(const struct buf *a, size_t j, unsigned long k, size_t nl)
{
	char	head[64];
	size_t	n, i;

	n = (size_t)snprintf(head, sizeof head, "<?" XMLPREP_CDATA_PI " %lu",
	    k);
	if (a->len - j < n + nl + 2 || memcmp(a->data + j, head, n) != 0)
		return 0;
	for (i = 0; i < nl; i++)
		if (a->data[j + n + i] != '\n')
			return 0;
	return memcmp(a->data + j + n + nl, "?>", 2) == 0 ? n + nl + 2 : 0;
}

/*
 * The output with CDATA set aside (aside, its pieces in pieces, each after
 * its length) against the output without (whole): the same but where a
 * section's text, in whole, stands in aside as the marks of its pieces,
 * numbered 1, 2, ... in order, each holding its piece's line ends.
 */
static void
same_but_marks(const struct buf *whole, const struct buf *aside,
    const struct buf *pieces)
{
	size_t		 i = 0, j = 0, used = 0, len = 0, nl, m, t;
	unsigned long	 k = 1;
	int		 in_section = 0, next = 1;
	const char	*piece = NULL;

	while (j < aside->len) {
		/* The next piece, if there is one. */
		if (next && pieces->len - used >= sizeof len) {
			memcpy(&len, pieces->data + used, sizeof len);
			piece = pieces->data + used + sizeof len;
			for (nl = 0, t = 0; t < len; t++)
				nl += piece[t] == '\n';
			next = 0;
		}
		if (!next && piece != NULL && (in_section ||
		    (whole->len - i >= 9 && memcmp(whole->data + i,
		    "<![CDATA[", 9) == 0)) && (m = is_mark(aside, j, k, nl)) > 0) {
			if (!in_section)
				i += 9;
			if (whole->len - i < len ||
			    memcmp(whole->data + i, piece, len) != 0)
				abort();
			i += len;
			j += m;
			used += sizeof len + len;
			k++;
			next = 1;
			piece = NULL;
			in_section = !(whole->len - i >= 3 &&
			    memcmp(whole->data + i, "]]>", 3) == 0);
			if (!in_section)
				i += 3;
			continue;
		}
		if (in_section || i == whole->len ||
		    whole->data[i] != aside->data[j])
			abort();
		i++;
		j++;
	}
	if (i != whole->len || used != pieces->len || in_section)
		abort();
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	whole, cut, aside, pieces;
	uint32_t	cp;
	size_t		i, n;

	buf_init(&whole, BUF_NOLIMIT);
	buf_init(&cut, BUF_NOLIMIT);
	buf_init(&aside, BUF_NOLIMIT);
	buf_init(&pieces, BUF_NOLIMIT);
	run(data, size, size + 1, 0, &whole, NULL);
	run(data, size, 1 + (size > 0 ? data[0] % 13 : 0), 0, &cut, NULL);
	if (whole.len != cut.len ||
	    (whole.len > 0 && memcmp(whole.data, cut.data, whole.len) != 0))
		abort();
	for (i = 0; i < whole.len; i += n) {
		if ((n = utf8_decode(whole.data + i, whole.len - i, &cp)) == 0 ||
		    !utf8_is_xml_char(cp))
			abort();
	}
	run(data, size, 1 + (size > 1 ? data[1] % 17 : 0), 1, &aside,
	    &pieces);
	same_but_marks(&whole, &aside, &pieces);
	buf_free(&whole);
	buf_free(&cut);
	buf_free(&aside);
	buf_free(&pieces);
	return 0;
}
