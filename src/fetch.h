/* SPDX-License-Identifier: ISC */
/*
 * fetch: HTTP through libcurl's multi interface, driven by a libev loop
 * with curl_multi_socket_action: no thread per fetch and no call that
 * blocks.  Only http and https, redirects included; the body is capped
 * while it arrives (decoded size, so a gzip bomb stops at the cap); time
 * and redirects are bounded.
 */
#ifndef FEEDD_FETCH_H
#define FEEDD_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct ev_loop;
struct fetcher;

struct fetch_request {
	const char	*url;
	const char	*etag;		/* validators, or NULL */
	const char	*last_modified;
	const char	*user_agent;
	const char	*ca_file;	/* CA certificates, or NULL */
	/*
	 * Secrets, never shown: HTTP basic authentication (or NULL), and
	 * request headers, "Name: value" a line (or NULL).  libcurl sends
	 * neither to another host on a redirect.
	 */
	const char	*username, *password;
	const char	*headers;
	int64_t		 timeout;	/* seconds, for the whole transfer */
	int64_t		 max_size;	/* bytes of decoded body */
	int		 verbose;	/* keep the headers, for --explain */
};

struct fetch_result {
	long		 status;	/* the last response's, 0 if none */
	const char	*error;		/* NULL when a response came */
	struct buf	 body;		/* owned by the fetcher */
	const char	*url;		/* the URL the body came from */
	const char	*moved_to;	/* every redirect permanent: the new URL */
	char		*etag;		/* owned by the fetcher, or NULL */
	char		*last_modified;
	int64_t		 max_age;	/* Cache-Control max-age, or -1 */
	int64_t		 expires_in;	/* Expires less Date, or -1 */
	int64_t		 retry_after;	/* seconds, or -1 */
	int64_t		 bytes;		/* on the wire */
	char		*content_type;	/* owned by the fetcher, or NULL */
	double		 seconds;
	struct buf	 headers_out;	/* with verbose: what was sent */
	struct buf	 headers_in;	/* with verbose: what came back */
};

/* Called once per fetch; the result is freed on return. */
typedef void (*fetch_done_cb)(void *arg, const struct fetch_result *);

struct fetcher	*fetcher_new(struct ev_loop *, long max_total, long max_host);
void		 fetcher_free(struct fetcher *);
/*
 * Start a fetch; done is called from the loop when it ends.  Returns a
 * handle for fetch_cancel, or NULL when libcurl refuses (done is not
 * called then).
 */
struct fetch	*fetch_start(struct fetcher *, const struct fetch_request *,
		     fetch_done_cb done, void *arg);
/* Stop a fetch; its callback is not called. */
void		 fetch_cancel(struct fetcher *, struct fetch *);
/*
 * A copy of r that outlives the callback, for what is decided after the
 * body is parsed: everything but the body and the headers, which are left
 * empty.  Freed with fetch_result_free.
 */
struct fetch_result *fetch_result_copy(const struct fetch_result *r);
void		 fetch_result_free(struct fetch_result *);

#endif
