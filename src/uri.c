/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <idn2.h>
#include <libxml/uri.h>

#include "buf.h"
#include "uri.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * URL checks and the normalization that article identities depend on.
 * The normalization is part of the on-disk format: changing it would
 * change hashes, so it is deliberately small.
 */

static size_t	uri_scheme_len(const char *);
static char	*uri_escape(const char *, int);
static void	uri_add_escaped(struct buf *, const char *, size_t, int);
static void	uri_add_host(struct buf *, const char *, size_t);
static char	*uri_strip_breaks(const char *, size_t);

/* The length of an RFC 3986 scheme at the start of s, or 0. */
static size_t
uri_scheme_len(const char *s)
{
	size_t	i;

	if (!isascii((unsigned char)s[0]) || !isalpha((unsigned char)s[0]))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		if (s[i] == ':')
			return i;
		if (!isascii((unsigned char)s[i]) ||
		    (!isalnum((unsigned char)s[i]) && strchr("+-.", s[i]) == NULL))
			return 0;
	}
	return 0;
}

/* Whether s is an absolute URL with a host. */
int
uri_is_absolute(const char *s)
{
	size_t		 n;
	const char	*p;

	if ((n = uri_scheme_len(s)) == 0 || strncmp(s + n, "://", 3) != 0)
		return 0;
	p = s + n + 3;
	if (*p == '\0' || *p == '/' || *p == '?' || *p == '#')
		return 0;
	for (; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return 0;
	}
	return 1;
}

/* The normalized form of a link; the caller frees it. */
char *
uri_normalize(const char *s)
{
	struct buf	 b;
	const char	*end, *auth, *host, *hostend, *port;
	size_t		 n, i;

	while (*s != '\0' && isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	if ((n = uri_scheme_len(s)) == 0 || (size_t)(end - s) < n + 3 ||
	    strncmp(s + n, "://", 3) != 0)
		return xstrndup(s, end - s);

	buf_init(&b, BUF_NOLIMIT);
	for (i = 0; i < n; i++)
		buf_addc(&b, tolower((unsigned char)s[i]));
	buf_adds(&b, "://");
	auth = s + n + 3;
	hostend = auth;
	while (hostend < end && strchr("/?#", *hostend) == NULL)
		hostend++;
	/* userinfo, if any, is kept exactly: it may be case-sensitive. */
	host = auth;
	for (i = 0; auth + i < hostend; i++) {
		if (auth[i] == '@')
			host = auth + i + 1;
	}
	buf_add(&b, auth, host - auth);
	port = NULL;
	for (i = hostend - host; i > 0; i--) {
		if (host[i - 1] == ']')
			break;
		if (host[i - 1] == ':') {
			port = host + i - 1;
			break;
		}
	}
	for (i = 0; host + i < (port ? port : hostend); i++)
		buf_addc(&b, tolower((unsigned char)host[i]));
	/* A port that says nothing (":" alone, or the default) goes. */
	if (port != NULL) {
		n = hostend - port;
		if (!(n == 1 ||
		    (strncmp(b.data, "http://", 7) == 0 && n == 3 &&
		    strncmp(port, ":80", 3) == 0) ||
		    (strncmp(b.data, "https://", 8) == 0 && n == 4 &&
		    strncmp(port, ":443", 4) == 0)))
			buf_add(&b, port, n);
	}
	if (hostend == end || *hostend != '/')
		buf_addc(&b, '/');
	buf_add(&b, hostend, end - hostend);
	return buf_release(&b, NULL);
}

/*
 * s with its spaces and controls percent-encoded, and if nonascii the
 * UTF-8 of an IRI too (RFC 3987 3.1); the caller frees it.
 */
static char *
uri_escape(const char *s, int nonascii)
{
	static const char	 hex[] = "0123456789ABCDEF";
	struct buf		 b;
	const unsigned char	*u = (const unsigned char *)s;

	buf_init(&b, BUF_NOLIMIT);
	for (; *u != '\0'; u++) {
		if (*u <= 0x20 || *u == 0x7f || (nonascii && *u > 0x7f)) {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*u >> 4]);
			buf_addc(&b, hex[*u & 0xf]);
		} else
			buf_addc(&b, *u);
	}
	return buf_release(&b, NULL);
}

/*
 * s[0..len) without the tabs and newlines inside it, which browsers remove
 * from a URL (a feed that wraps a long link); the caller frees it.
 */
static char *
uri_strip_breaks(const char *s, size_t len)
{
	char	*out = xmalloc(len + 1);
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			out[n++] = s[i];
	out[n] = '\0';
	return out;
}

/* ref, trimmed, resolved against base (libxml2 knows RFC 3986's way). */
char *
uri_resolve(const char *base, const char *ref)
{
	xmlChar	*abs;
	char	*s, *eref, *ebase, *trimmed;
	size_t	 len, n;

	while (*ref != '\0' && isspace((unsigned char)*ref))
		ref++;
	len = strlen(ref);
	while (len > 0 && isspace((unsigned char)ref[len - 1]))
		len--;
	trimmed = uri_strip_breaks(ref, len);
	if (base == NULL || uri_is_absolute(trimmed))
		return trimmed;
	/*
	 * scheme://authority with spaces inside: absolute too, its spaces
	 * escaped, its non-ASCII host left for uri_clean to make IDNA.
	 */
	if ((n = uri_scheme_len(trimmed)) > 0 &&
	    strncmp(trimmed + n, "://", 3) == 0 &&
	    strchr("/?#", trimmed[n + 3]) == NULL) {
		s = uri_escape(trimmed, 0);
		free(trimmed);
		return s;
	}
	eref = uri_escape(trimmed, 1);
	free(trimmed);
	ebase = uri_escape(base, 1);
	abs = xmlBuildURI((const xmlChar *)eref, (const xmlChar *)ebase);
	free(ebase);
	if (abs == NULL)
		return eref;
	free(eref);
	s = xstrdup((const char *)abs);
	xmlFree(abs);
	return s;
}

/*
 * Bytes a URI holds as they are (RFC 3986 2.2, 2.3): the unreserved, the
 * sub-delims, ':', '@', '/' and '?'.  The rest are percent-encoded: '%'
 * itself unless it starts an escape, and '#' after the first.
 */
static int
uri_plain_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("-._~!$&'()*+,;=:@/?", c) != NULL;
}

/* s[0..len), with what a URI cannot hold percent-encoded, onto b. */
static void
uri_add_escaped(struct buf *b, const char *s, size_t len, int fragment)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, run;

	for (i = 0; i < len; i++) {
		/* The bytes a URI holds as they are, most of any, in runs. */
		for (run = i; i < len && u[i] != '\0' && uri_plain_byte(u[i]);
		    i++)
			;
		buf_add(b, s + run, i - run);
		if (i == len)
			break;
		if (u[i] == '%' && i + 2 < len && uri_hex_digit(u[i + 1]) >= 0 &&
		    uri_hex_digit(u[i + 2]) >= 0)
			buf_addc(b, '%');
		else if (u[i] == '#' && !fragment) {
			buf_addc(b, '#');
			fragment = 1;
		} else
			buf_printf(b, "%%%02X", u[i]);
	}
}

/*
 * A host onto b: an internationalized one in its IDNA form (punycode,
 * UTS 46 non-transitional, else transitional, as browsers do); one that
 * IDNA refuses, percent-encoded; an ASCII one as it is.
 */
static void
uri_add_host(struct buf *b, const char *host, size_t len)
{
	char	*utf8, *ascii = NULL;
	size_t	 i;
	int	 ascii_ok = 1, nonascii = 0;

	if (host[0] == '[') {
		buf_add(b, host, len);	/* an IPv6 literal: checked already */
		return;
	}
	/* IDNA only for a name of letters, digits, '-' and '.' (any script). */
	for (i = 0; i < len; i++) {
		if ((unsigned char)host[i] >= 0x80)
			nonascii = 1;
		else if (!isalnum((unsigned char)host[i]) && host[i] != '-' &&
		    host[i] != '.')
			ascii_ok = 0;
	}
	if (!nonascii || !ascii_ok) {
		uri_add_escaped(b, host, len, 1);
		return;
	}
	utf8 = xstrndup(host, len);
	if (idn2_to_ascii_8z(utf8, &ascii, IDN2_NFC_INPUT |
	    IDN2_NONTRANSITIONAL | IDN2_USE_STD3_ASCII_RULES) != IDN2_OK &&
	    idn2_to_ascii_8z(utf8, &ascii, IDN2_NFC_INPUT | IDN2_TRANSITIONAL |
	    IDN2_USE_STD3_ASCII_RULES) != IDN2_OK)
		ascii = NULL;
	/* A host name is letters, digits, '-' and '.' (IDNA's mapping of
	 * odd characters could bring others: a fuzzer found one). */
	if (ascii != NULL && ascii[strspn(ascii, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")] == '\0')
		buf_adds(b, ascii);
	else
		uri_add_escaped(b, host, len, 1);
	idn2_free(ascii);
	free(utf8);
}

/*
 * An absolute URL (an IRI, perhaps) as a valid URI, RFC 3986: the host in
 * its IDNA form, every other byte a URI cannot hold (non-ASCII, '<', '>',
 * '"', '{', '}', '|', '\\', '^', '`', '[', ']' outside an IPv6 host, a '%'
 * that starts no escape, a second '#') percent-encoded, as UTF-8; an
 * escape already there is kept as it is.
 */
char *
uri_from_iri(const char *iri)
{
	struct buf	 b;
	const char	*auth, *host, *hostend, *at, *colon;

	auth = strstr(iri, "://") + 3;
	hostend = auth + strcspn(auth, "/?#");
	buf_init(&b, BUF_NOLIMIT);
	for (; iri < auth; iri++)
		buf_addc(&b, tolower((unsigned char)*iri));
	host = auth;
	for (at = auth; at < hostend; at++)
		if (*at == '@')
			host = at + 1;
	uri_add_escaped(&b, auth, host - auth, 1);
	colon = NULL;
	if (*host != '[')
		colon = memchr(host, ':', hostend - host);
	else if ((colon = memchr(host, ']', hostend - host)) != NULL)
		colon = memchr(colon, ':', hostend - colon);
	uri_add_host(&b, host, (colon != NULL ? colon : hostend) - host);
	if (colon != NULL)
		uri_add_escaped(&b, colon, hostend - colon, 1);
	uri_add_escaped(&b, hostend, strlen(hostend), 0);
	return buf_release(&b, NULL);
}

/*
 * A link fit for line 3: surrounding white space trimmed, inner spaces
 * as %20, other control characters dropped (a tab or a newline inside a
 * link, as browsers do), bytes that are not UTF-8 percent-encoded: the
 * IRI form, which identities before 0.3 hashed.  NULL unless absolute.
 */
char *
uri_clean_iri(const char *s)
{
	struct buf	 b;
	const char	*end;
	char		*url;
	uint32_t	 cp;
	size_t		 n;

	if (s == NULL)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	end = s + strlen(s);
	while (end > s && strchr(" \t\r\n", end[-1]) != NULL)
		end--;
	buf_init(&b, BUF_NOLIMIT);
	while (s < end) {
		/* Printable ASCII, most of any link, in runs. */
		for (n = 0; s + n < end && (unsigned char)s[n] > 0x20 &&
		    (unsigned char)s[n] < 0x7f; n++)
			;
		if (n > 0) {
			buf_add(&b, s, n);
			s += n;
			continue;
		}
		/*
		 * Bytes that are not well-formed UTF-8 (libxml2 unescapes a
		 * host's %XX into raw bytes), or not characters XML allows,
		 * are percent-encoded: the URL still works, the line is valid.
		 */
		if ((n = utf8_decode(s, end - s, &cp)) == 0 ||
		    !utf8_is_xml_char(cp)) {
			buf_printf(&b, "%%%02X", (unsigned char)*s);
			s++;
			continue;
		}
		if (*s == ' ')
			buf_adds(&b, "%20");
		else if ((unsigned char)*s > 0x20 && *s != 0x7f)
			buf_add(&b, s, n);
		s += n;
	}
	url = buf_release(&b, NULL);
	if (!uri_is_web(url)) {
		free(url);
		return NULL;
	}
	return url;
}

/* uri_clean_iri, then as a valid URI. */
char *
uri_clean(const char *s)
{
	char	*iri, *url;

	if ((iri = uri_clean_iri(s)) == NULL)
		return NULL;
	url = uri_from_iri(iri);
	free(iri);
	return url;
}

/* Whether s is an absolute http or https URL. */
int
uri_is_web(const char *s)
{
	return (strncasecmp(s, "http://", 7) == 0 ||
	    strncasecmp(s, "https://", 8) == 0) && uri_is_absolute(s);
}

int
uri_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The host of a URL, lower-cased, port included. */
char *
uri_host(const char *url)
{
	const char	*p, *end;
	char		*h, *c;

	if ((p = strstr(url, "://")) == NULL)
		return xstrdup("");
	p += 3;
	if ((end = strchr(p, '@')) != NULL && end < p + strcspn(p, "/?#"))
		p = end + 1;
	h = xstrndup(p, strcspn(p, "/?#"));
	for (c = h; *c != '\0'; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c += 'a' - 'A';
	return h;
}
