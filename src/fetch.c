/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <ev.h>

#include "buf.h"
#include "date.h"
#include "fetch.h"
#include "log.h"
#include "uri.h"
#include "xmalloc.h"

/*
 * The glue of curl's docs/examples/evhiperfifo.c: curl says which sockets
 * it waits on (sock_cb) and when it next needs time (timer_cb); libev
 * watches them and hands the events back through curl_multi_socket_action.
 * Each transfer's headers are read as they come, so that the validators,
 * the politeness headers and the kind of each redirect are known.
 */

#define FETCH_MAX_REDIRS	5

struct fetcher {
	struct ev_loop	*loop;
	CURLM		*multi;
	ev_timer	 timer;
};

/* One socket curl waits on. */
struct fetch_sock {
	ev_io		 io;
	struct fetcher	*fetcher;
};

struct fetch {
	struct fetcher		*fetcher;
	CURL			*easy;
	struct curl_slist	*headers;
	char			*secret_headers;	/* a copy */
	const char		*refused;	/* why the transfer stopped */
	fetch_done_cb		 done;
	void			*arg;
	struct fetch_result	 result;
	char			 error[CURL_ERROR_SIZE];
	int64_t			 max_size;
	int			 too_big;
	int			 verbose;
	int			 all_permanent;	/* every redirect so far */
	int			 redirects;
	int64_t			 date;		/* the Date header, or -1 */
	int64_t			 expires;	/* the Expires header, or -1 */
};

static int	fetch_sock_cb(CURL *, curl_socket_t, int, void *, void *);
static int	fetch_timer_cb(CURLM *, long, void *);
static void	fetch_io_cb(struct ev_loop *, ev_io *, int);
static void	fetch_timeout_cb(struct ev_loop *, ev_timer *, int);
static void	fetch_check(struct fetcher *);
static size_t	fetch_write_cb(char *, size_t, size_t, void *);
static size_t	fetch_header_cb(char *, size_t, size_t, void *);
static int	fetch_debug_cb(CURL *, curl_infotype, char *, size_t, void *);
static void	fetch_free(struct fetch *);
static int	fetch_same_origin(struct fetch *, const char *);

/* A fetcher on loop, with curl's own connection limits as a backstop. */
struct fetcher *
fetcher_new(struct ev_loop *loop, long max_total, long max_host)
{
	struct fetcher	*f;

	f = xcalloc(1, sizeof *f);
	f->loop = loop;
	if ((f->multi = curl_multi_init()) == NULL)
		fatalx("curl_multi_init failed");
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETFUNCTION, fetch_sock_cb);
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETDATA, f);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERFUNCTION, fetch_timer_cb);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERDATA, f);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max_total);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS, max_host);
	ev_timer_init(&f->timer, fetch_timeout_cb, 0., 0.);
	f->timer.data = f;
	return f;
}

void
fetcher_free(struct fetcher *f)
{
	if (f == NULL)
		return;
	ev_timer_stop(f->loop, &f->timer);
	curl_multi_cleanup(f->multi);
	free(f);
}

/* xstrdup for strings that may be NULL. */
static char *
fetch_strdup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct fetch_result *
fetch_result_copy(const struct fetch_result *r)
{
	struct fetch_result	*c;

	c = xcalloc(1, sizeof *c);
	c->status = r->status;
	c->error = fetch_strdup(r->error);
	buf_init(&c->body, 0);
	c->url = fetch_strdup(r->url);
	c->moved_to = fetch_strdup(r->moved_to);
	c->etag = fetch_strdup(r->etag);
	c->last_modified = fetch_strdup(r->last_modified);
	c->max_age = r->max_age;
	c->expires_in = r->expires_in;
	c->retry_after = r->retry_after;
	c->bytes = r->bytes;
	c->content_type = fetch_strdup(r->content_type);
	c->seconds = r->seconds;
	buf_init(&c->headers_out, 0);
	buf_init(&c->headers_in, 0);
	return c;
}

void
fetch_result_free(struct fetch_result *c)
{
	if (c == NULL)
		return;
	/* The copy owns what the fetcher's result only points to. */
	free((char *)c->error);
	free((char *)c->url);
	free((char *)c->moved_to);
	free(c->etag);
	free(c->last_modified);
	free(c->content_type);
	buf_free(&c->body);
	buf_free(&c->headers_out);
	buf_free(&c->headers_in);
	free(c);
}

/* curl: watch socket s for what, or stop watching it. */
static int
fetch_sock_cb(CURL *easy, curl_socket_t s, int what, void *userp,
    void *socketp)
{
	struct fetcher		*f = userp;
	struct fetch_sock	*fs = socketp;
	int			 events = 0;

	if (what == CURL_POLL_REMOVE) {
		if (fs != NULL) {
			ev_io_stop(f->loop, &fs->io);
			free(fs);
			curl_multi_assign(f->multi, s, NULL);
		}
		return 0;
	}
	if (what & CURL_POLL_IN)
		events |= EV_READ;
	if (what & CURL_POLL_OUT)
		events |= EV_WRITE;
	if (fs == NULL) {
		fs = xcalloc(1, sizeof *fs);
		fs->fetcher = f;
		ev_io_init(&fs->io, fetch_io_cb, s, events);
		fs->io.data = fs;
		curl_multi_assign(f->multi, s, fs);
	} else {
		ev_io_stop(f->loop, &fs->io);
		ev_io_set(&fs->io, s, events);
	}
	ev_io_start(f->loop, &fs->io);
	return 0;
}

/* curl: call back in timeout_ms (keeping sub-second precision). */
static int
fetch_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct fetcher	*f = userp;

	ev_timer_stop(f->loop, &f->timer);
	if (timeout_ms >= 0) {
		ev_timer_set(&f->timer, timeout_ms / 1000.0, 0.);
		ev_timer_start(f->loop, &f->timer);
	}
	return 0;
}

static void
fetch_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct fetch_sock	*fs = w->data;
	struct fetcher		*f = fs->fetcher;
	int			 action = 0, running;

	if (revents & EV_READ)
		action |= CURL_CSELECT_IN;
	if (revents & EV_WRITE)
		action |= CURL_CSELECT_OUT;
	curl_multi_socket_action(f->multi, w->fd, action, &running);
	fetch_check(f);
}

static void
fetch_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct fetcher	*f = w->data;
	int		 running;

	curl_multi_socket_action(f->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	fetch_check(f);
}

/* Hand each finished transfer to its owner. */
static void
fetch_check(struct fetcher *f)
{
	struct fetch	*ft;
	CURLMsg		*msg;
	CURLcode	 code;
	char		*url;
	curl_off_t	 bytes;
	int		 left;

	while ((msg = curl_multi_info_read(f->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &ft);
		code = msg->data.result;
		curl_easy_getinfo(ft->easy, CURLINFO_RESPONSE_CODE,
		    &ft->result.status);
		if (curl_easy_getinfo(ft->easy, CURLINFO_EFFECTIVE_URL,
		    &url) == CURLE_OK)
			ft->result.url = url;
		if (curl_easy_getinfo(ft->easy, CURLINFO_SIZE_DOWNLOAD_T,
		    &bytes) == CURLE_OK)
			ft->result.bytes = bytes;
		curl_easy_getinfo(ft->easy, CURLINFO_TOTAL_TIME,
		    &ft->result.seconds);
		if (ft->refused != NULL)
			ft->result.error = ft->refused;
		else if (ft->too_big)
			ft->result.error = "the body is larger than max_size";
		else if (code == CURLE_FILESIZE_EXCEEDED)
			ft->result.error = "the body is larger than max_size";
		else if (code != CURLE_OK)
			ft->result.error = ft->error[0] != '\0' ? ft->error :
			    curl_easy_strerror(code);
		if (ft->all_permanent && ft->redirects > 0 &&
		    ft->result.error == NULL)
			ft->result.moved_to = ft->result.url;
		if (ft->expires >= 0)
			ft->result.expires_in = ft->expires - (ft->date >= 0 ?
			    ft->date : (int64_t)time(NULL));
		curl_multi_remove_handle(f->multi, ft->easy);
		ft->done(ft->arg, &ft->result);
		fetch_free(ft);
	}
}

/* Body bytes, decoded: kept up to the cap, after which the transfer stops. */
static size_t
fetch_write_cb(char *data, size_t size, size_t n, void *arg)
{
	struct fetch	*ft = arg;

	if (buf_add(&ft->result.body, data, size * n) == -1) {
		ft->too_big = 1;
		return 0;	/* CURLE_WRITE_ERROR */
	}
	return size * n;
}

/* A header line; a status line starts a new response (a redirect's). */
static size_t
fetch_header_cb(char *data, size_t size, size_t n, void *arg)
{
	struct fetch	*ft = arg;
	size_t		 len = size * n;
	char		*line, *v, *end;
	long		 code;
	int64_t		 t;

	line = xstrndup(data, len);
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (ft->verbose && len > 0) {
		buf_adds(&ft->result.headers_in, line);
		buf_addc(&ft->result.headers_in, '\n');
	}
	if (strncmp(line, "HTTP/", 5) == 0) {
		/* A new response: forget what the last one said. */
		if ((v = strchr(line, ' ')) != NULL) {
			code = strtol(v + 1, NULL, 10);
			if (code >= 300 && code < 400) {
				ft->redirects++;
				if (code != 301 && code != 308)
					ft->all_permanent = 0;
			}
		}
		free(ft->result.etag);
		free(ft->result.last_modified);
		ft->result.etag = ft->result.last_modified = NULL;
		ft->result.max_age = ft->result.retry_after = -1;
		ft->date = ft->expires = -1;
		free(line);
		return size * n;
	}
	if ((v = strchr(line, ':')) == NULL) {
		free(line);
		return size * n;
	}
	*v++ = '\0';
	while (*v == ' ' || *v == '\t')
		v++;
	if (ft->secret_headers != NULL && strcasecmp(line, "Location") == 0 &&
	    !fetch_same_origin(ft, v)) {
		/* libcurl would send the headers there too: stop. */
		ft->refused = "a redirect to another host, which the source's "
		    "secret headers are not sent to";
		free(line);
		return 0;
	}
	if (strcasecmp(line, "ETag") == 0 && *v != '\0') {
		free(ft->result.etag);
		ft->result.etag = xstrdup(v);
	} else if (strcasecmp(line, "Content-Type") == 0 && *v != '\0') {
		free(ft->result.content_type);
		ft->result.content_type = xstrdup(v);
	} else if (strcasecmp(line, "Last-Modified") == 0 && *v != '\0') {
		free(ft->result.last_modified);
		ft->result.last_modified = xstrdup(v);
	} else if (strcasecmp(line, "Cache-Control") == 0) {
		for (end = v; *end != '\0'; end++)
			*end = tolower((unsigned char)*end);
		if ((end = strstr(v, "max-age=")) != NULL)
			ft->result.max_age = strtoll(end + 8, NULL, 10);
	} else if (strcasecmp(line, "Expires") == 0) {
		if (date_parse(v, &t) == 0)
			ft->expires = t;
	} else if (strcasecmp(line, "Date") == 0) {
		if (date_parse(v, &t) == 0)
			ft->date = t;
	} else if (strcasecmp(line, "Retry-After") == 0) {
		/* Seconds, or an HTTP date. */
		if (isdigit((unsigned char)*v))
			ft->result.retry_after = strtoll(v, NULL, 10);
		else if (date_parse(v, &t) == 0)
			ft->result.retry_after = t - (int64_t)time(NULL);
		if (ft->result.retry_after < 0)
			ft->result.retry_after = 0;
	}
	free(line);
	return size * n;
}

/* scheme://host:port of a URL, normalized, into a new string. */
static char *
fetch_origin(const char *url)
{
	char	*n = uri_normalize(url), *p;

	if ((p = strstr(n, "://")) != NULL && (p = strchr(p + 3, '/')) != NULL)
		*p = '\0';
	return n;
}

/*
 * Whether location (from the response to the current request) is on the
 * same scheme, host and port.
 */
static int
fetch_same_origin(struct fetch *ft, const char *location)
{
	char	*cur = NULL, *to, *a, *b;
	int	 same;

	if (curl_easy_getinfo(ft->easy, CURLINFO_EFFECTIVE_URL, &cur) !=
	    CURLE_OK || cur == NULL)
		return 0;
	to = uri_resolve(cur, location);
	a = fetch_origin(cur);
	b = fetch_origin(to);
	same = strcmp(a, b) == 0;
	free(a);
	free(b);
	free(to);
	return same;
}

/* Whether a header line (of the request) carries a secret. */
static int
fetch_secret_header(const struct fetch *ft, const char *line, size_t len)
{
	static const char	*always[] = { "Authorization:",
				    "Proxy-Authorization:", "Cookie:" };
	const char		*p, *end;
	size_t			 i, n;

	for (i = 0; i < sizeof always / sizeof always[0]; i++) {
		n = strlen(always[i]);
		if (len >= n && strncasecmp(line, always[i], n) == 0)
			return 1;
	}
	/* The configured headers: every one is a secret. */
	for (p = ft->secret_headers; p != NULL && *p != '\0'; p = end +
	    (*end != '\0')) {
		end = p + strcspn(p, "\n");
		n = strcspn(p, ":") + 1;
		if (n <= (size_t)(end - p) && len >= n &&
		    strncasecmp(line, p, n) == 0)
			return 1;
	}
	return 0;
}

/*
 * With verbose: keep the request headers that were sent, each secret's
 * value replaced (--explain prints them).
 */
static int
fetch_debug_cb(CURL *easy, curl_infotype type, char *data, size_t size,
    void *arg)
{
	struct fetch	*ft = arg;
	const char	*line = data, *nl, *end = data + size;
	size_t		 len;

	if (type != CURLINFO_HEADER_OUT)
		return 0;
	for (; line < end; line = nl) {
		nl = memchr(line, '\n', (size_t)(end - line));
		nl = nl != NULL ? nl + 1 : end;
		len = (size_t)(nl - line);
		if (fetch_secret_header(ft, line, len)) {
			buf_add(&ft->result.headers_out, line,
			    strcspn(line, ":") + 1);
			buf_adds(&ft->result.headers_out, " (secret)\r\n");
		} else
			buf_add(&ft->result.headers_out, line, len);
	}
	return 0;
}

/* The configured headers, a line each, into the request's list. */
static void
fetch_add_headers(struct fetch *ft, const char *lines)
{
	const char	*p, *end;
	char		*h;

	for (p = lines; p != NULL && *p != '\0'; p = end + (*end != '\0')) {
		end = p + strcspn(p, "\n");
		if (end == p || *p == '#')
			continue;
		h = xstrndup(p, (size_t)(end - p));
		ft->headers = curl_slist_append(ft->headers, h);
		explicit_bzero(h, strlen(h));
		free(h);
	}
}

/* Start a fetch. */
struct fetch *
fetch_start(struct fetcher *f, const struct fetch_request *req,
    fetch_done_cb done, void *arg)
{
	struct fetch	*ft;
	char		*h;

	ft = xcalloc(1, sizeof *ft);
	ft->fetcher = f;
	ft->done = done;
	ft->arg = arg;
	ft->verbose = req->verbose;
	ft->all_permanent = 1;
	ft->date = ft->expires = -1;
	buf_init(&ft->result.body, (size_t)req->max_size);
	buf_init(&ft->result.headers_out, 65536);
	buf_init(&ft->result.headers_in, 65536);
	ft->result.max_age = ft->result.expires_in = -1;
	ft->result.retry_after = -1;
	if ((ft->easy = curl_easy_init()) == NULL) {
		fetch_free(ft);
		return NULL;
	}
	if (req->etag != NULL) {
		h = xasprintf("If-None-Match: %s", req->etag);
		ft->headers = curl_slist_append(ft->headers, h);
		free(h);
	}
	if (req->last_modified != NULL) {
		h = xasprintf("If-Modified-Since: %s", req->last_modified);
		ft->headers = curl_slist_append(ft->headers, h);
		free(h);
	}
	curl_easy_setopt(ft->easy, CURLOPT_URL, req->url);
	curl_easy_setopt(ft->easy, CURLOPT_PRIVATE, ft);
	curl_easy_setopt(ft->easy, CURLOPT_ERRORBUFFER, ft->error);
	curl_easy_setopt(ft->easy, CURLOPT_NOSIGNAL, 1L);
	/* Only the web, for redirects too: never file://, gopher:// ... */
	curl_easy_setopt(ft->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(ft->easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(ft->easy, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(ft->easy, CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRS);
	curl_easy_setopt(ft->easy, CURLOPT_TIMEOUT, (long)req->timeout);
	curl_easy_setopt(ft->easy, CURLOPT_CONNECTTIMEOUT, (long)req->timeout);
	curl_easy_setopt(ft->easy, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)req->max_size);
	/* "": every encoding this libcurl decodes (gzip, br, zstd). */
	curl_easy_setopt(ft->easy, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(ft->easy, CURLOPT_HTTP_VERSION,
	    (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(ft->easy, CURLOPT_USERAGENT, req->user_agent);
	if (req->username != NULL) {
		curl_easy_setopt(ft->easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		curl_easy_setopt(ft->easy, CURLOPT_USERNAME, req->username);
		curl_easy_setopt(ft->easy, CURLOPT_PASSWORD,
		    req->password != NULL ? req->password : "");
	}
	fetch_add_headers(ft, req->headers);
	if (req->headers != NULL)
		ft->secret_headers = xstrdup(req->headers);
	if (req->ca_file != NULL)
		curl_easy_setopt(ft->easy, CURLOPT_CAINFO, req->ca_file);
	curl_easy_setopt(ft->easy, CURLOPT_HTTPHEADER, ft->headers);
	curl_easy_setopt(ft->easy, CURLOPT_WRITEFUNCTION, fetch_write_cb);
	curl_easy_setopt(ft->easy, CURLOPT_WRITEDATA, ft);
	curl_easy_setopt(ft->easy, CURLOPT_HEADERFUNCTION, fetch_header_cb);
	curl_easy_setopt(ft->easy, CURLOPT_HEADERDATA, ft);
	if (req->verbose) {
		curl_easy_setopt(ft->easy, CURLOPT_DEBUGFUNCTION,
		    fetch_debug_cb);
		curl_easy_setopt(ft->easy, CURLOPT_DEBUGDATA, ft);
		curl_easy_setopt(ft->easy, CURLOPT_VERBOSE, 1L);
	}
	if (curl_multi_add_handle(f->multi, ft->easy) != CURLM_OK) {
		fetch_free(ft);
		return NULL;
	}
	return ft;
}

/* Stop a fetch without calling its callback. */
void
fetch_cancel(struct fetcher *f, struct fetch *ft)
{
	curl_multi_remove_handle(f->multi, ft->easy);
	fetch_free(ft);
}

static void
fetch_free(struct fetch *ft)
{
	if (ft->easy != NULL)
		curl_easy_cleanup(ft->easy);
	curl_slist_free_all(ft->headers);
	if (ft->secret_headers != NULL) {
		explicit_bzero(ft->secret_headers, strlen(ft->secret_headers));
		free(ft->secret_headers);
	}
	buf_free(&ft->result.body);
	buf_free(&ft->result.headers_out);
	buf_free(&ft->result.headers_in);
	free(ft->result.etag);
	free(ft->result.last_modified);
	free(ft->result.content_type);
	free(ft);
}
