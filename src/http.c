/* SPDX-License-Identifier: ISC */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <ev.h>
#include <microhttpd.h>
#include <zlib.h>

#include "article.h"
#include "buf.h"
#include "conf.h"
#include "date.h"
#include "http.h"
#include "log.h"
#include "strmap.h"
#include "uri.h"
#include "xmalloc.h"

/*
 * Why MHD in the loop and not in a thread of its own: the feed changes in
 * the loop (housekeeping), and a server in the same thread reads it with
 * no hand-off and no lock, while MHD's epoll mode never blocks.
 */

/*
 * Clients are bounded: a whole request must come within HTTP_REQUEST_TIME
 * of the connection (or of the end of the last response on it), however
 * slowly it trickles in; HTTP_PER_IP connections at most from one address,
 * HTTP_CONNECTIONS in all.  So a few hundred slow sockets cost a few
 * seconds of some connections, and /health keeps answering.  127.0.0.1
 * and ::1 are not counted per address: a reverse proxy in front (every
 * reader behind it comes from there) may hold as many connections as it
 * has readers, up to HTTP_CONNECTIONS; MHD's own per-address limit would
 * refuse the rest, each at the cost of an accept and a close.
 */
#define HTTP_REQUEST_TIME	10
#define HTTP_PER_IP		32
#define HTTP_CONNECTIONS	512

/* The connections from one address (not the loopback's). */
struct http_peer {
	char		 addr[INET6_ADDRSTRLEN];	/* its key */
	unsigned int	 n;
};

/* One connection, while no request of it is being answered. */
struct http_conn {
	struct http_conn	*prev, *next;
	struct MHD_Connection	*c;
	struct http_peer	*peer;	/* or NULL: the loopback */
	ev_tstamp		 since;	/* accepted, or its last answer sent */
	int			 busy;	/* a request is being answered */
};

/*
 * The feed's bytes (and their gzip), shared by every response that sends
 * them: counted references, never a copy per request.
 */
struct http_shared {
	unsigned int	 refs;
	size_t		 len;
	char		 data[];
};

#define HTTP_COPIES	8

struct http {
	struct ev_loop		*loop;
	struct MHD_Daemon	*mhd;
	ev_io			 io;
	ev_timer		 timer;
	ev_timer		 sweep;		/* of slow requests */
	struct http_ops		 ops;
	/*
	 * The feeds being served, each one shared copy (and one of its
	 * gzip) for every response that sends it, by ETag; the one served
	 * longest ago makes room.
	 */
	struct http_copy {
		char			*etag;
		struct http_shared	*plain, *gz;
		uint64_t		 used;
	}			 copies[HTTP_COPIES];
	uint64_t		 served;
	struct http_conn	*conns;
	struct strmap		 peers;		/* address to http_peer */
};

static enum MHD_Result	http_handler(void *, struct MHD_Connection *,
			    const char *, const char *, const char *,
			    const char *, size_t *, void **);
static void		http_io_cb(struct ev_loop *, ev_io *, int);
static void		http_timer_cb(struct ev_loop *, ev_timer *, int);
static void		http_rearm(struct http *);
static void		http_sweep_cb(struct ev_loop *, ev_timer *, int);
static void		http_conn_cb(void *, struct MHD_Connection *, void **,
			    enum MHD_ConnectionNotificationCode);
static void		http_completed_cb(void *, struct MHD_Connection *,
			    void **, enum MHD_RequestTerminationCode);
static struct http_conn	*http_conn_of(struct MHD_Connection *);
static enum MHD_Result	http_reply(struct MHD_Connection *, unsigned int,
			    const char *, const void *, size_t);
static int		http_gzip(const char *, size_t, struct buf *);
static void		http_shared_drop(void *);
static size_t		http_unescape(void *, struct MHD_Connection *, char *);

/* Compress data as gzip into out; -1 on failure. */
static int
http_gzip(const char *data, size_t len, struct buf *out)
{
	z_stream	z;
	char		chunk[16384];
	int		rv;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	buf_reset(out);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	do {
		z.next_out = (Bytef *)chunk;
		z.avail_out = sizeof chunk;
		rv = deflate(&z, Z_FINISH);
		buf_add(out, chunk, sizeof chunk - z.avail_out);
	} while (rv == Z_OK);
	deflateEnd(&z);
	return rv == Z_STREAM_END ? 0 : -1;
}

static enum MHD_Result
http_reply(struct MHD_Connection *c, unsigned int status, const char *type,
    const void *body, size_t len)
{
	struct MHD_Response	*r;
	enum MHD_Result		 rv;

	r = MHD_create_response_from_buffer(len, (void *)body,
	    MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, "Content-Type", type);
	rv = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rv;
}

/* A shared copy of len bytes, with one reference: the http's. */
static struct http_shared *
http_shared_new(const char *data, size_t len)
{
	struct http_shared	*sh;

	sh = xmalloc(sizeof *sh + len + 1);
	sh->refs = 1;
	sh->len = len;
	memcpy(sh->data, data, len);
	sh->data[len] = '\0';
	return sh;
}

/* Drop a reference (MHD's free callback, and the http's own). */
static void
http_shared_drop(void *arg)
{
	struct http_shared	*sh = arg;

	if (sh != NULL && --sh->refs == 0)
		free(sh);
}

/*
 * Whether Accept-Encoding takes gzip: named (or "*") with a q-value that
 * is not zero.
 */
static int
http_accepts_gzip(const char *ae)
{
	const char	*p = ae, *end, *q;
	size_t		 n;
	int		 star = 0, named = -1, ok;

	while (*p != '\0') {
		p += strspn(p, " \t,");
		end = p + strcspn(p, ",");
		n = strcspn(p, " \t;,");
		ok = 1;
		if ((q = memchr(p, ';', (size_t)(end - p))) != NULL) {
			q += strspn(q + 1, " \t") + 1;
			if (strncasecmp(q, "q=", 2) == 0 && strtod(q + 2,
			    NULL) <= 0)
				ok = 0;
		}
		if ((n == 4 && strncasecmp(p, "gzip", 4) == 0) ||
		    (n == 6 && strncasecmp(p, "x-gzip", 6) == 0))
			named = ok;
		else if (n == 1 && *p == '*')
			star = ok;
		p = end;
	}
	return named != -1 ? named : star;
}

/* Forget a copy (responses under way keep their references). */
static void
http_copy_drop(struct http_copy *cp)
{
	http_shared_drop(cp->plain);
	http_shared_drop(cp->gz);
	free(cp->etag);
	memset(cp, 0, sizeof *cp);
}

/* The copy of feed f: its own, else made in the one served longest ago. */
static struct http_copy *
http_copy_of(struct http *h, const struct http_feed *f)
{
	struct http_copy	*cp, *old = &h->copies[0];
	size_t			 i;

	for (i = 0; i < HTTP_COPIES; i++) {
		cp = &h->copies[i];
		if (cp->etag != NULL && strcmp(cp->etag, f->etag) == 0)
			return cp;
		if (cp->used < old->used)
			old = cp;
	}
	http_copy_drop(old);
	old->etag = xstrdup(f->etag);
	old->plain = http_shared_new(f->data, f->len);
	return old;
}

/* The bytes to send of feed f: the shared copy, or its gzip. */
static struct http_shared *
http_feed_bytes(struct http *h, const struct http_feed *f, int gzip)
{
	struct http_copy	*cp = http_copy_of(h, f);
	struct buf		 b;

	cp->used = ++h->served;
	if (!gzip)
		return cp->plain;
	if (cp->gz == NULL) {
		buf_init(&b, BUF_NOLIMIT);
		if (http_gzip(f->data, f->len, &b) == 0)
			cp->gz = http_shared_new(b.data, b.len);
		buf_free(&b);
	}
	return cp->gz != NULL ? cp->gz : cp->plain;
}

/* The feed at url, conditional and compressed as the client asks. */
static enum MHD_Result
http_feed(struct http *h, struct MHD_Connection *c, const char *url)
{
	struct http_feed	 f;
	struct MHD_Response	*r;
	struct http_shared	*sh;
	const char		*inm, *ims, *ae;
	char			 lm[64];
	struct tm		 tm;
	time_t			 t;
	int64_t			 since;
	int			 gz;
	enum MHD_Result		 rv;

	memset(&f, 0, sizeof f);
	if (h->ops.feed(h->ops.arg, url, &f) == -1)
		return http_reply(c, MHD_HTTP_NOT_FOUND,
		    "text/plain; charset=utf-8", "not found\n", 10);
	if (f.data == NULL)
		return http_reply(c, 503, "text/plain; charset=utf-8",
		    "no feed yet\n", 12);
	t = (time_t)f.mtime;
	gmtime_r(&t, &tm);
	strftime(lm, sizeof lm, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
	ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	if ((inm != NULL && strstr(inm, f.etag) != NULL) || (inm == NULL &&
	    ims != NULL && date_parse(ims, &since) == 0 && since >= f.mtime)) {
		r = MHD_create_response_from_buffer(0, "",
		    MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(r, "ETag", f.etag);
		MHD_add_response_header(r, "Last-Modified", lm);
		rv = MHD_queue_response(c, MHD_HTTP_NOT_MODIFIED, r);
		MHD_destroy_response(r);
		return rv;
	}
	ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_ENCODING);
	sh = http_feed_bytes(h, &f, ae != NULL && http_accepts_gzip(ae));
	gz = sh != http_copy_of(h, &f)->plain;
	sh->refs++;
	r = MHD_create_response_from_buffer_with_free_callback_cls(sh->len,
	    sh->data, http_shared_drop, sh);
	MHD_add_response_header(r, "Content-Type",
	    "application/atom+xml; charset=utf-8");
	MHD_add_response_header(r, "ETag", f.etag);
	MHD_add_response_header(r, "Last-Modified", lm);
	MHD_add_response_header(r, "Vary", "Accept-Encoding");
	if (gz)
		MHD_add_response_header(r, "Content-Encoding", "gzip");
	rv = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rv;
}

static enum MHD_Result
http_handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *size, void **state)
{
	struct http		*h = cls;
	struct http_conn	*hc = http_conn_of(c);
	struct buf		 b;
	const char		*name;
	uint64_t		 seq, hash;
	enum MHD_Result		 rv;
	int			 ok;

	if (hc != NULL)
		hc->busy = 1;	/* in time: its answer may take longer */
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return http_reply(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "text/plain; charset=utf-8", "method not allowed\n", 19);
	/*
	 * A GET is answered at the second call, once MHD has the whole
	 * request: an answer queued at the first (the headers alone) makes
	 * MHD close the connection after it, and every request of a client
	 * that keeps its connection would cost a new one (a 304 at a third
	 * of the rate).  A method refused above is answered at once, and
	 * its body never read.
	 */
	if (*state == NULL) {
		*state = h;
		return MHD_YES;
	}
	if (strcmp(url, "/feed.atom") == 0 ||
	    strncmp(url, "/sources/", 9) == 0 || strncmp(url, "/tags/", 6) == 0)
		return http_feed(h, c, url);
	buf_init(&b, ARTICLE_MAX_SIZE);
	if (strncmp(url, "/articles/", 10) == 0) {
		/* Only an article's own name: no '/', no "..", nothing else. */
		name = url + 10;
		if (article_name_parse(name, &seq, &hash) == 0 &&
		    h->ops.article(h->ops.arg, name, &b) == 0)
			rv = http_reply(c, MHD_HTTP_OK,
			    "text/plain; charset=utf-8", b.data, b.len);
		else
			rv = http_reply(c, MHD_HTTP_NOT_FOUND,
			    "text/plain; charset=utf-8", "not found\n", 10);
	} else if (strcmp(url, "/health") == 0) {
		ok = h->ops.health(h->ops.arg, &b);
		rv = http_reply(c, ok ? MHD_HTTP_OK :
		    MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
		    b.data, b.len);
	} else if (strcmp(url, "/metrics") == 0) {
		h->ops.metrics(h->ops.arg, &b);
		rv = http_reply(c, MHD_HTTP_OK,
		    "text/plain; version=0.0.4; charset=utf-8", b.data, b.len);
	} else if (strcmp(url, "/") == 0) {
		h->ops.page(h->ops.arg, HTTP_PAGE_HTML, &b);
		rv = http_reply(c, MHD_HTTP_OK, "text/html; charset=utf-8",
		    b.data, b.len);
	} else if (strcmp(url, "/status.json") == 0) {
		h->ops.page(h->ops.arg, HTTP_PAGE_JSON, &b);
		rv = http_reply(c, MHD_HTTP_OK, "application/json", b.data,
		    b.len);
	} else if (strcmp(url, "/status.txt") == 0) {
		h->ops.page(h->ops.arg, HTTP_PAGE_TEXT, &b);
		rv = http_reply(c, MHD_HTTP_OK, "text/plain; charset=utf-8",
		    b.data, b.len);
	} else
		rv = http_reply(c, MHD_HTTP_NOT_FOUND,
		    "text/plain; charset=utf-8", "not found\n", 10);
	buf_free(&b);
	return rv;
}

/*
 * MHD's unescaping, but for %00: a NUL would cut the path short where it
 * is read as a string, so it stays "%00", which names nothing.
 */
static size_t
http_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char	*r = s, *w = s;
	int	 hi, lo;

	while (*r != '\0') {
		if (r[0] == '%' && (hi = uri_hex_digit(r[1])) >= 0 &&
		    (lo = uri_hex_digit(r[2])) >= 0 && (hi | lo) != 0) {
			*w++ = (char)(hi << 4 | lo);
			r += 3;
		} else
			*w++ = *r++;
	}
	*w = '\0';
	return (size_t)(w - s);
}

/*
 * The address of sa as the key of its peer, or -1 for the loopback's own
 * (127.0.0.1, ::1, ::ffff:127.0.0.1), never counted.
 */
static int
http_peer_key(const struct sockaddr *sa, char key[INET6_ADDRSTRLEN])
{
	const struct sockaddr_in	*in = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6	*in6 = (const struct sockaddr_in6 *)sa;
	const uint8_t			*b;

	if (sa->sa_family == AF_INET) {
		if (ntohl(in->sin_addr.s_addr) == INADDR_LOOPBACK)
			return -1;
		inet_ntop(AF_INET, &in->sin_addr, key, INET6_ADDRSTRLEN);
		return 0;
	}
	if (sa->sa_family != AF_INET6)
		return -1;
	b = in6->sin6_addr.s6_addr;
	if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ||
	    (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && b[12] == 127 &&
	    b[13] == 0 && b[14] == 0 && b[15] == 1))
		return -1;
	inet_ntop(AF_INET6, &in6->sin6_addr, key, INET6_ADDRSTRLEN);
	return 0;
}

/* MHD's accept policy: HTTP_PER_IP connections from one address. */
static enum MHD_Result
http_accept_cb(void *cls, const struct sockaddr *sa, socklen_t len)
{
	struct http		*h = cls;
	const struct http_peer	*p;
	char			 key[INET6_ADDRSTRLEN];

	if (http_peer_key(sa, key) == -1)
		return MHD_YES;
	p = strmap_get(&h->peers, key);
	return p == NULL || p->n < HTTP_PER_IP ? MHD_YES : MHD_NO;
}

/* Count a new connection against its address. */
static struct http_peer *
http_peer_add(struct http *h, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo	*ci;
	struct http_peer		*p;
	char				 key[INET6_ADDRSTRLEN];

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || http_peer_key(ci->client_addr, key) == -1)
		return NULL;
	if ((p = strmap_get(&h->peers, key)) == NULL) {
		p = xcalloc(1, sizeof *p);
		memcpy(p->addr, key, sizeof p->addr);
		strmap_put(&h->peers, p->addr, p);
	}
	p->n++;
	return p;
}

static void
http_peer_drop(struct http *h, struct http_peer *p)
{
	if (p == NULL || --p->n > 0)
		return;
	strmap_del(&h->peers, p->addr);
	free(p);
}

/* MHD: a connection starts or ends; what is kept of it. */
static void
http_conn_cb(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct http		*h = cls;
	struct http_conn	*hc = *socket_context;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		hc = xcalloc(1, sizeof *hc);
		hc->c = c;
		hc->peer = http_peer_add(h, c);
		hc->since = ev_now(h->loop);
		if ((hc->next = h->conns) != NULL)
			hc->next->prev = hc;
		h->conns = hc;
		*socket_context = hc;
		return;
	}
	if (hc == NULL)
		return;
	if (hc->prev != NULL)
		hc->prev->next = hc->next;
	else
		h->conns = hc->next;
	if (hc->next != NULL)
		hc->next->prev = hc->prev;
	http_peer_drop(h, hc->peer);
	free(hc);
	*socket_context = NULL;
}

/* The connection's own record, or NULL. */
static struct http_conn *
http_conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo	*ci;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL ? ci->socket_context : NULL;
}

/* MHD: a request was answered; the next one has its own time. */
static void
http_completed_cb(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http		*h = cls;
	struct http_conn	*hc = http_conn_of(c);

	if (hc != NULL) {
		hc->busy = 0;
		hc->since = ev_now(h->loop);
	}
}

/*
 * Each second: a connection that has not sent a whole request in its
 * time is shut down (MHD then closes it), however it trickles.
 */
static void
http_sweep_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct http			*h = w->data;
	struct http_conn		*hc;
	const union MHD_ConnectionInfo	*ci;
	int				 cut = 0;

	for (hc = h->conns; hc != NULL; hc = hc->next) {
		if (hc->busy || ev_now(loop) - hc->since < HTTP_REQUEST_TIME)
			continue;
		ci = MHD_get_connection_info(hc->c,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci != NULL && shutdown(ci->connect_fd, SHUT_RDWR) == 0)
			cut++;
		hc->busy = 1;	/* once is enough */
	}
	if (cut > 0) {
		MHD_run(h->mhd);
		http_rearm(h);
	}
}

/* After every MHD_run: wait on its timeout again. */
static void
http_rearm(struct http *h)
{
	MHD_UNSIGNED_LONG_LONG	ms;

	ev_timer_stop(h->loop, &h->timer);
	if (MHD_get_timeout(h->mhd, &ms) == MHD_YES) {
		ev_timer_set(&h->timer, ms / 1000.0, 0.);
		ev_timer_start(h->loop, &h->timer);
	}
}

static void
http_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct http	*h = w->data;

	MHD_run(h->mhd);
	http_rearm(h);
}

static void
http_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct http	*h = w->data;

	MHD_run(h->mhd);
	http_rearm(h);
}

/* Listen on listen and serve from the loop. */
/*
 * Why MHD could not listen on ss: the errno of a bind there, which MHD
 * does not pass on.
 */
static const char *
http_bind_error(const struct sockaddr_storage *ss)
{
	int	fd, one = 1, err = 0;

	if ((fd = socket(ss->ss_family, SOCK_STREAM, 0)) == -1)
		return strerror(errno);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (const struct sockaddr *)ss, ss->ss_family == AF_INET ?
	    sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6)) == -1)
		err = errno;
	close(fd);
	return err != 0 ? strerror(err) : "the HTTP server did not start";
}

struct http *
http_start(struct ev_loop *loop, const char *listen, const struct http_ops *ops,
    char **cause)
{
	struct http			*h;
	struct sockaddr_storage		 ss;
	const union MHD_DaemonInfo	*info;
	char				*why;
	unsigned int			 flags = MHD_USE_EPOLL;

	if (conf_listen_addr(listen, &ss, &why) == -1) {
		*cause = xasprintf("listen: %s", why);
		free(why);
		return NULL;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	h = xcalloc(1, sizeof *h);
	h->loop = loop;
	h->ops = *ops;
	h->mhd = MHD_start_daemon(flags, 0, http_accept_cb, h, http_handler, h,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)HTTP_REQUEST_TIME,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)HTTP_CONNECTIONS,
	    MHD_OPTION_NOTIFY_CONNECTION, http_conn_cb, h,
	    MHD_OPTION_NOTIFY_COMPLETED, http_completed_cb, h,
	    MHD_OPTION_UNESCAPE_CALLBACK, http_unescape, NULL, MHD_OPTION_END);
	if (h->mhd == NULL ||
	    (info = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_EPOLL_FD)) ==
	    NULL) {
		*cause = xasprintf("listen: cannot serve on %s: %s", listen,
		    http_bind_error(&ss));
		if (h->mhd != NULL)
			MHD_stop_daemon(h->mhd);
		free(h);
		return NULL;
	}
	ev_io_init(&h->io, http_io_cb, info->epoll_fd, EV_READ);
	h->io.data = h;
	ev_io_start(loop, &h->io);
	ev_timer_init(&h->timer, http_timer_cb, 0., 0.);
	h->timer.data = h;
	ev_timer_init(&h->sweep, http_sweep_cb, 1., 1.);
	h->sweep.data = h;
	ev_timer_start(loop, &h->sweep);
	http_rearm(h);
	return h;
}

void
http_stop(struct http *h)
{
	size_t	i;

	if (h == NULL)
		return;
	ev_io_stop(h->loop, &h->io);
	ev_timer_stop(h->loop, &h->timer);
	ev_timer_stop(h->loop, &h->sweep);
	MHD_stop_daemon(h->mhd);	/* closes, and tells, each connection */
	for (i = 0; i < HTTP_COPIES; i++)
		http_copy_drop(&h->copies[i]);
	for (i = 0; i < h->peers.cap; i++)
		free(h->peers.slots[i].value);	/* none, unless MHD did not tell */
	strmap_free(&h->peers);
	free(h);
}
