/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <string.h>
#include <strings.h>

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
static char	*uri_escape(const char *);

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
 * s with the bytes a URI cannot hold (spaces, controls, and the UTF-8 of
 * an IRI, RFC 3987 3.1) percent-encoded; the caller frees it.
 */
static char *
uri_escape(const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	struct buf		 b;
	const unsigned char	*u = (const unsigned char *)s;

	buf_init(&b, BUF_NOLIMIT);
	for (; *u != '\0'; u++) {
		if (*u <= 0x20 || *u >= 0x7f) {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*u >> 4]);
			buf_addc(&b, hex[*u & 0xf]);
		} else
			buf_addc(&b, *u);
	}
	return buf_release(&b, NULL);
}

/* ref, trimmed, resolved against base (libxml2 knows RFC 3986's way). */
char *
uri_resolve(const char *base, const char *ref)
{
	xmlChar	*abs;
	char	*s, *eref, *ebase, *trimmed;
	size_t	 len;

	while (*ref != '\0' && isspace((unsigned char)*ref))
		ref++;
	len = strlen(ref);
	while (len > 0 && isspace((unsigned char)ref[len - 1]))
		len--;
	trimmed = xstrndup(ref, len);
	if (base == NULL || uri_is_absolute(trimmed))
		return trimmed;
	eref = uri_escape(trimmed);
	free(trimmed);
	ebase = uri_escape(base);
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
 * A link fit for line 3: surrounding white space trimmed, inner spaces
 * as %20, other control characters dropped, bytes that are not UTF-8
 * percent-encoded.  NULL unless absolute.
 */
char *
uri_clean(const char *s)
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
