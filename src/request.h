/* SPDX-License-Identifier: ISC */
/*
 * request: the one place a fetch is described from the configuration and
 * what the state remembers: the URL in use, the validators, the
 * User-Agent, the CA file and the limits.  The schedule, the full-text
 * pages and --explain all ask here.
 */
#ifndef FEEDD_REQUEST_H
#define FEEDD_REQUEST_H

struct conf;
struct conf_source;
struct fetch_request;
struct source_state;

/* What feedd says it is when the configuration names nothing else. */
#define REQUEST_USER_AGENT	"feedd/" PACKAGE_VERSION \
				" (feed fetcher; polite)"

/*
 * Fill req for a fetch of source cs (or NULL: a page, not a source) with
 * its state st (or NULL: no validators).  url is what to fetch, or NULL
 * for the source's URL in use (st's, else the configured one).  Every
 * pointer in req points into c, cs, st or url: valid while they are.
 */
void	request_build(struct fetch_request *req, const struct conf *c,
	    const struct conf_source *cs, const struct source_state *st,
	    const char *url);

#endif
