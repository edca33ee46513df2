/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xmlprep.h"

/*
 * libFuzzer: any bytes through xmlprep, whole and in pieces.  The oracle:
 * the output is the same however the input is cut, and it is valid UTF-8
 * with no character that XML forbids.
 */

static void
run(const uint8_t *data, size_t size, size_t piece, struct buf *out)
{
	struct xmlprep	*xp = xmlprep_new();
	size_t		 off, n;

	for (off = 0; off < size; off += n) {
		n = size - off < piece ? size - off : piece;
		xmlprep_push(xp, (const char *)data + off, n, out);
	}
	xmlprep_finish(xp, out);
	xmlprep_free(xp);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	whole, cut;
	uint32_t	cp;
	size_t		i, n;

	buf_init(&whole, BUF_NOLIMIT);
	buf_init(&cut, BUF_NOLIMIT);
	run(data, size, size + 1, &whole);
	run(data, size, 1 + (size > 0 ? data[0] % 13 : 0), &cut);
	if (whole.len != cut.len ||
	    (whole.len > 0 && memcmp(whole.data, cut.data, whole.len) != 0))
		abort();
	for (i = 0; i < whole.len; i += n) {
		if ((n = utf8_decode(whole.data + i, whole.len - i, &cp)) == 0 ||
		    !utf8_is_xml_char(cp))
			abort();
	}
	buf_free(&whole);
	buf_free(&cut);
	return 0;
}
