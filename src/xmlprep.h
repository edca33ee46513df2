/* SPDX-License-Identifier: ISC */
/*
 * xmlprep: what a feed's bytes go through before libxml2 reads them.  It
 * decodes the document's charset to UTF-8 (the BOM, else the XML
 * declaration; a document that claims UTF-8 but holds windows-1252 bytes
 * is read as windows-1252 where it must be), and repairs the broken XML
 * that real feeds serve: HTML entities that XML does not know, bare "&"
 * and "<", characters XML forbids, end tags that do not match, junk after
 * the root element.  It drops
 * any DOCTYPE, so that no DTD, internal or external, reaches the parser,
 * and any processing instruction in feedd's own names ("feedd-..."), the
 * marks it leaves itself.
 * Streaming: bytes in, bytes out, a few bytes of state (and, with CDATA
 * set aside, the pieces the parser has not yet taken).  Pure.
 */
#ifndef FEEDD_XMLPREP_H
#define FEEDD_XMLPREP_H

#include <stddef.h>

struct buf;
struct xmlprep;

/* What was repaired, for warnings. */
#define XMLPREP_CP1252		0x001	/* bytes not UTF-8, read as windows-1252 */
#define XMLPREP_ENTITY		0x002	/* HTML entities made characters */
#define XMLPREP_AMP		0x004	/* bare "&" escaped */
#define XMLPREP_LT		0x008	/* bare "<" escaped */
#define XMLPREP_CONTROL		0x010	/* characters XML forbids removed */
#define XMLPREP_JUNK		0x020	/* text after the root element dropped */
#define XMLPREP_SUBSET		0x040	/* an internal DTD subset dropped */
#define XMLPREP_CHARSET		0x080	/* an unknown charset, read as UTF-8 */
#define XMLPREP_BADCHAR		0x100	/* bytes invalid in the charset */
#define XMLPREP_NESTING		0x200	/* end tags mended or dropped */
#define XMLPREP_TRUNCATED	0x400	/* the document ends inside it */
#define XMLPREP_GT		0x800	/* "]]>" in text escaped */
#define XMLPREP_ATTR		0x1000	/* attributes quoted, given a value,
					   or dropped (repeated, bad names) */
#define XMLPREP_UTF8		0x2000	/* UTF-8 in a windows-1252 document */

struct xmlprep	*xmlprep_new(void);
void		 xmlprep_free(struct xmlprep *);
/* Take len more bytes of the document; append what is ready to out. */
void		 xmlprep_push(struct xmlprep *, const char *, size_t,
		     struct buf *out);
/* The document has ended: append the rest to out. */
void		 xmlprep_finish(struct xmlprep *, struct buf *out);
/*
 * Set CDATA aside: from now on a CDATA section inside the root element
 * comes out as the processing instruction <?feedd-cdata N?>, N counting
 * from 1 (one for each piece of up to 64 KB, for a long one; the PI holds
 * the piece's line ends), and its text is kept for xmlprep_take_cdata.
 * The XML parser then need not read it again.
 */
#define XMLPREP_CDATA_PI	"feedd-cdata"
void		 xmlprep_set_aside(struct xmlprep *);
/* Piece N, if it is kept (the caller frees it, a string of *len bytes),
   else NULL; the pieces before it are dropped. */
char		*xmlprep_take_cdata(struct xmlprep *, unsigned long n,
		    size_t *len);
/* The charset the document was read in, once known ("UTF-8", ...). */
const char	*xmlprep_charset(const struct xmlprep *);
/* The XMLPREP_* repairs made so far. */
unsigned int	 xmlprep_repairs(const struct xmlprep *);

#endif
