/* SPDX-License-Identifier: ISC */
/*
 * http: the daemon's HTTP face, libmicrohttpd driven by the same libev
 * loop (MHD's epoll descriptor on an ev_io, its timeout on an ev_timer):
 * one thread, so the feed it serves is the loop's own, with no lock.
 *	GET /feed.atom		the feed: ETag, Last-Modified, 304, gzip
 *	GET /sources/NAME.atom	the feed of one source, the same way
 *	GET /tags/TAG.atom	the feed of one tag, the same way
 *	GET /articles/NAME.txt	one article
 *	GET /			the status page (HTML)
 *	GET /status.json	the same, as JSON
 *	GET /status.txt		the same, as text (feedd --status)
 *	GET /health		200 and a status line, 503 when every source
 *				is failing
 *	GET /metrics		Prometheus text, feedd_* series
 * HEAD works on each; anything else is 404 (405 for other methods).
 */
#ifndef FEEDD_HTTP_H
#define FEEDD_HTTP_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct ev_loop;
struct http;

struct http_feed {
	const char	*data;		/* the feed's bytes, or NULL */
	size_t		 len;
	const char	*etag;		/* quoted */
	int64_t		 mtime;		/* when it last changed */
};

#define HTTP_PAGE_HTML	0
#define HTTP_PAGE_JSON	1
#define HTTP_PAGE_TEXT	2

struct http_ops {
	/* The feed at path ("/feed.atom", ...); -1 when there is none. */
	int	(*feed)(void *arg, const char *path, struct http_feed *);
	/* The article named name (already checked) into out; -1 if none. */
	int	(*article)(void *arg, const char *name, struct buf *out);
	/* A one-line status into out; returns 0 when every source fails. */
	int	(*health)(void *arg, struct buf *out);
	/* The metrics, in Prometheus text format, into out. */
	void	(*metrics)(void *arg, struct buf *out);
	/* The status page as kind (HTTP_PAGE_*) into out. */
	void	(*page)(void *arg, int kind, struct buf *out);
	void	*arg;
};

/*
 * Listen on listen ("127.0.0.1:8765", "[::1]:8765").  NULL with *cause
 * when it cannot.
 */
struct http	*http_start(struct ev_loop *, const char *listen,
		     const struct http_ops *, char **cause);
void		 http_stop(struct http *);

#endif
