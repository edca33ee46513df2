/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "date.h"
#include "sha256.h"
#include "uri.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * The article format is feedd's one durable interface: other tools read
 * these files and every later version must read what this one writes.  So
 * the reader is strict and says exactly where a file goes wrong.
 */

static const char	*article_line_error(const char *, size_t);
static const char	*article_field_error(size_t, const char *, size_t);
static int		 article_is_leap(uint32_t);
static char		*article_trim(const char *, size_t *);
static uint32_t		 article_date_field(const char *);

/* The number of the 8 digits at s (line 2 of an article). */
static uint32_t
article_date_field(const char *s)
{
	uint32_t	v = 0;
	int		i;

	for (i = 0; i < 8; i++)
		v = v * 10 + (uint32_t)(s[i] - '0');
	return v;
}

/* Why the characters of a line are not allowed, or NULL when they are. */
static const char *
article_line_error(const char *s, size_t len)
{
	uint32_t	cp;
	size_t		i, n;

	for (i = 0; i < len; i += n) {
		n = 1;
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f)
			continue;	/* the common case: printable ASCII */
		if (s[i] == '\0')
			return "NUL byte";
		if (s[i] == '\r')
			return "carriage return";
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0)
			return "invalid UTF-8";
		if (cp < 0x20 || cp == 0x7f)
			return "control character";
		if (!utf8_is_xml_char(cp))
			return "character not allowed in XML";
	}
	return NULL;
}

/* Why line number lineno (1-based) is not a valid field, or NULL. */
static const char *
article_field_error(size_t lineno, const char *s, size_t len)
{
	const char	*why;
	char		*url;
	int		 ok;

	if ((why = article_line_error(s, len)) != NULL)
		return why;
	switch (lineno) {
	case 1:
		return len == 0 ? "empty title" : NULL;
	case 2:
		if (len != 8 || strspn(s, "0123456789") < 8 ||
		    !article_date_valid(article_date_field(s)))
			return "not a date in the form YYYYMMDD";
		return NULL;
	case 3:
		url = xstrndup(s, len);
		ok = uri_is_absolute(url);
		free(url);
		return ok ? NULL : "not an absolute URL";
	default:
		return len == 0 ? "empty body line" : NULL;
	}
}

/* Check that data is a well-formed article. */
int
article_validate(const char *data, size_t len, char **cause)
{
	static const char	*missing[] = { "title", "date", "URL", "body" };
	const char		*p = data, *end = data + len, *nl, *why;
	size_t			 lineno = 0;

	while (p < end) {
		lineno++;
		if ((nl = memchr(p, '\n', end - p)) == NULL) {
			*cause = xasprintf("line %zu: no newline at end of file",
			    lineno);
			return -1;
		}
		if ((why = article_field_error(lineno, p, nl - p)) != NULL) {
			*cause = xasprintf("line %zu: %s", lineno, why);
			return -1;
		}
		p = nl + 1;
	}
	if (lineno < 4) {
		*cause = xasprintf("line %zu: missing %s", lineno + 1,
		    missing[lineno]);
		return -1;
	}
	return 0;
}

/* Validate data and split it into a. */
int
article_parse(struct article *a, const char *data, size_t len, char **cause)
{
	const char	*p = data, *end = data + len, *nl;
	size_t		 lineno = 0;

	memset(a, 0, sizeof *a);
	if (article_validate(data, len, cause) == -1)
		return -1;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', end - p);
		lineno++;
		if (lineno == 1)
			a->title = xstrndup(p, nl - p);
		else if (lineno == 2)
			a->date = article_date_field(p);
		else if (lineno == 3)
			a->url = xstrndup(p, nl - p);
		else {
			a->body = xreallocarray(a->body, a->nbody + 1,
			    sizeof *a->body);
			a->body[a->nbody++] = xstrndup(p, nl - p);
		}
	}
	return 0;
}

/* Validate data and read its date and URL lines, copying nothing. */
int
article_head(const char *data, size_t len, uint32_t *date, const char **url,
    size_t *urllen, char **cause)
{
	const char	*line2, *line3;

	if (article_validate(data, len, cause) == -1)
		return -1;
	line2 = (const char *)memchr(data, '\n', len) + 1;
	line3 = line2 + 9;	/* a valid date line is 8 digits and \n */
	*date = article_date_field(line2);
	*url = line3;
	*urllen = (size_t)((const char *)memchr(line3, '\n',
	    len - (size_t)(line3 - data)) - line3);
	return 0;
}

/* Append the file form of a to out. */
void
article_format(const struct article *a, struct buf *out)
{
	size_t	i;

	buf_printf(out, "%s\n%08" PRIu32 "\n%s\n", a->title, a->date, a->url);
	for (i = 0; i < a->nbody; i++) {
		buf_adds(out, a->body[i]);
		buf_addc(out, '\n');
	}
}

/* Free what a owns and leave it empty. */
void
article_free(struct article *a)
{
	size_t	i;

	free(a->title);
	free(a->url);
	for (i = 0; i < a->nbody; i++)
		free(a->body[i]);
	free(a->body);
	memset(a, 0, sizeof *a);
}

/* Whether year y of the Gregorian calendar has a 29 February. */
static int
article_is_leap(uint32_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Whether YYYYMMDD names a real day. */
int
article_date_valid(uint32_t date)
{
	static const uint8_t	mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	uint32_t		y = date / 10000, m = date / 100 % 100;
	uint32_t		d = date % 100, last;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	last = mdays[m - 1] + (m == 2 && article_is_leap(y));
	return d <= last;
}

/* Seconds since the epoch at 00:00:00 UTC on a valid YYYYMMDD. */
int64_t
article_date_time(uint32_t date)
{
	return date_from_civil(date / 10000, date / 100 % 100, date % 100);
}

/* The file name of the article with sequence seq and identity hash. */
void
article_name(char out[ARTICLE_NAME_SIZE], uint64_t seq, uint64_t hash)
{
	snprintf(out, ARTICLE_NAME_SIZE, "%03" PRIu64 "_%016" PRIx64 ".txt",
	    seq, hash);
}

/* Split an article file name into its sequence number and hash. */
int
article_name_parse(const char *name, uint64_t *seq, uint64_t *hash)
{
	const char	*us;
	size_t		 ndigits, i;
	uint64_t	 n = 0, h = 0;
	int		 c;

	if ((us = strchr(name, '_')) == NULL)
		return -1;
	ndigits = us - name;
	if (ndigits < 3 || ndigits > 20)
		return -1;
	for (i = 0; i < ndigits; i++) {
		if (!isdigit((unsigned char)name[i]))
			return -1;
		c = name[i] - '0';
		if (n > (UINT64_MAX - c) / 10)
			return -1;
		n = n * 10 + c;
	}
	for (i = 1; i <= 16; i++) {
		c = (unsigned char)us[i];
		if (c >= '0' && c <= '9')
			h = h << 4 | (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			h = h << 4 | (uint64_t)(c - 'a' + 10);
		else
			return -1;
	}
	if (strcmp(us + 17, ".txt") != 0)
		return -1;
	*seq = n;
	*hash = h;
	return 0;
}

/* s without leading and trailing white space; *len gets its length. */
static char *
article_trim(const char *s, size_t *len)
{
	const char	*end;

	while (*s != '\0' && isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*len = end - s;
	return xstrndup(s, *len);
}

/* The first 64 bits of the SHA-256 that ctx has taken in. */
static uint64_t
article_digest(struct sha256 *ctx)
{
	uint8_t	digest[SHA256_DIGEST_LEN];

	sha256_final(ctx, digest);
	return sha256_u64(digest);
}

/*
 * The identity hash: the first 64 bits, big-endian, of the SHA-256 of one
 * of these byte strings (\0 is a NUL byte; none of the parts can hold one):
 *	"feedd-id\0" SOURCE "\0" ID		the item has an id
 *	"feedd-srclink\0" SOURCE "\0" LINK	else, it has a link
 *	"feedd-title\0" SOURCE "\0" TITLE "\0" YYYYMMDD
 * A link's identity was "feedd-link\0" LINK before 0.2, the same in every
 * source: *legacy gets that one, for the store to find such articles.
 */
uint64_t
article_identity(const char *source, const char *id, const char *link,
    const char *title, uint32_t date, uint64_t *legacy)
{
	struct sha256	 ctx;
	char		*s, datestr[16];
	size_t		 len;

	if (source == NULL)
		source = "";
	if (legacy != NULL)
		*legacy = 0;
	sha256_init(&ctx);
	s = article_trim(id != NULL ? id : "", &len);
	if (len > 0) {
		sha256_update(&ctx, "feedd-id", 9);
		sha256_update(&ctx, source, strlen(source) + 1);
		sha256_update(&ctx, s, len);
		free(s);
		return article_digest(&ctx);
	}
	free(s);
	s = uri_normalize(link != NULL ? link : "");
	if (*s != '\0') {
		if (legacy != NULL) {
			sha256_update(&ctx, "feedd-link", 11);
			sha256_update(&ctx, s, strlen(s));
			*legacy = article_digest(&ctx);
			sha256_init(&ctx);
		}
		sha256_update(&ctx, "feedd-srclink", 14);
		sha256_update(&ctx, source, strlen(source) + 1);
		sha256_update(&ctx, s, strlen(s));
		free(s);
		return article_digest(&ctx);
	}
	free(s);
	snprintf(datestr, sizeof datestr, "%08" PRIu32, date);
	sha256_update(&ctx, "feedd-title", 12);
	sha256_update(&ctx, source, strlen(source) + 1);
	sha256_update(&ctx, title != NULL ? title : "",
	    strlen(title != NULL ? title : "") + 1);
	sha256_update(&ctx, datestr, 8);
	return article_digest(&ctx);
}
