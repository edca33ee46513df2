/* SPDX-License-Identifier: ISC */
/* uri: the few things feedd needs to know about URLs. */
#ifndef FEEDD_URI_H
#define FEEDD_URI_H

#include <stddef.h>

/*
 * Whether s is an absolute URL with a host: an RFC 3986 scheme, "://", a
 * non-empty authority, and no white space or control characters.
 */
int	uri_is_absolute(const char *s);
/*
 * Whether s is an absolute http or https URL: the only links feedd makes
 * an article's URL or publishes (javascript:, data: and the like never).
 */
int	uri_is_web(const char *s);
/*
 * The form of a link that article identities hash (feedd-article(5)): white
 * space trimmed, scheme and host in lower case, the default port of http
 * and https removed, an empty path made "/".  Anything else is kept as it
 * is.  The caller frees the returned string.
 */
char	*uri_normalize(const char *s);

/*
 * A link fit for an article's URL line, and a valid URI (RFC 3986):
 * surrounding white space trimmed, inner spaces as %20, a tab or newline
 * inside removed and other control characters dropped; an
 * internationalized host in its IDNA form; every other byte a URI cannot
 * hold (non-ASCII as UTF-8, '<', '>', '"', '{', '}', '|', '\\', '^', '`',
 * '[', ']', a '%' that starts no escape, a second '#') percent-encoded,
 * escapes already there kept.  NULL unless it is an absolute http or https
 * URL; else the caller frees it.
 */
char	*uri_clean(const char *s);
/*
 * The same, but as an IRI: non-ASCII UTF-8 kept as it is, the rest as
 * uri_clean does, as versions before 0.3 wrote links (and hashed them).
 */
char	*uri_clean_iri(const char *s);
/* What uri_clean makes of the IRI that uri_clean_iri gave. */
char	*uri_from_iri(const char *iri);

/*
 * ref resolved against base (RFC 3986, section 5), or a copy of ref when
 * it cannot be.  The caller frees the returned string.
 */
char	*uri_resolve(const char *base, const char *ref);

/*
 * The authority of an absolute URL without its user information: its host,
 * lower-cased, and its port ("" when there is none); the caller frees it.
 */
char	*uri_host(const char *url);

/* The value of the hex digit c of a %XX escape, or -1. */
int	 uri_hex_digit(int c);

#endif
