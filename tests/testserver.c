/* SPDX-License-Identifier: ISC */
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

/*
 * The HTTP server of the integration tests, on 127.0.0.1 only and on a
 * port of its own choosing (written to PORTFILE).  It serves the files of
 * DOCROOT and behaves as the path says:
 *	/feed/NAME		DOCROOT/NAME, with an ETag and Last-Modified,
 *				and 304 to a request that has them
 *	/cached/SECS/NAME	the same, with Cache-Control: max-age=SECS
 *	/expires/SECS/NAME	the same, with Expires SECS from now
 *	/status/CODE/SECS	CODE, with Retry-After: SECS when SECS > 0
 *	/moved/NAME		301 to /feed/NAME
 *	/found/NAME		302 to /feed/NAME
 *	/to-file		302 to file:///etc/passwd
 *	/big/KB			200 with a feed of KB kilobytes
 *	/stall			never answers (for 60 seconds)
 *	/basic/NAME		/feed/NAME to Basic "feedd:s3cret pass", else
 *				401 with a challenge
 *	/token/NAME		/feed/NAME to "X-Api-Key: k3y" and
 *				"Cookie: session=c00kie", else 403
 *	/away/NAME		302 to /token/NAME on host "localhost" (not
 *				127.0.0.1: another host to a client)
 * Every request is logged to LOGFILE: "METHOD PATH etag=... ua=...".
 * usage: testserver DOCROOT PORTFILE LOGFILE
 */

static const char	*docroot;
static unsigned int	 port;
static FILE		*reqlog;

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned int status, const char *body,
    size_t len, const char *k1, const char *v1, const char *k2,
    const char *v2)
{
	struct MHD_Response	*r;
	enum MHD_Result		 rv;

	r = MHD_create_response_from_buffer(len, (void *)body,
	    MHD_RESPMEM_MUST_COPY);
	if (k1 != NULL)
		MHD_add_response_header(r, k1, v1);
	if (k2 != NULL)
		MHD_add_response_header(r, k2, v2);
	MHD_add_response_header(r, "Content-Type", "application/xml");
	rv = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rv;
}

static enum MHD_Result
serve_feed(struct MHD_Connection *c, const char *name, const char *hk,
    const char *hv)
{
	char		 path[4096], etag[64], *body;
	const char	*inm;
	struct stat	 st;
	unsigned long	 h = 5381;
	FILE		*f;
	size_t		 n, i;
	enum MHD_Result	 rv;

	if (strstr(name, "..") != NULL)
		return reply(c, 403, "", 0, NULL, NULL, NULL, NULL);
	snprintf(path, sizeof path, "%s/%s", docroot, name);
	if ((f = fopen(path, "r")) == NULL || fstat(fileno(f), &st) == -1)
		return reply(c, 404, "not found", 9, NULL, NULL, NULL, NULL);
	body = malloc(st.st_size + 1);
	n = fread(body, 1, st.st_size, f);
	fclose(f);
	for (i = 0; i < n; i++)
		h = h * 33 + (unsigned char)body[i];
	snprintf(etag, sizeof etag, "\"%lx-%zu\"", h, n);
	inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "If-None-Match");
	if (inm != NULL && strcmp(inm, etag) == 0)
		rv = reply(c, 304, "", 0, "ETag", etag, NULL, NULL);
	else if (hk != NULL)
		rv = reply(c, 200, body, n, "ETag", etag, hk, hv);
	else
		rv = reply(c, 200, body, n, "ETag", etag, "Last-Modified",
		    "Mon, 17 Jan 2022 10:00:00 GMT");
	free(body);
	return rv;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *size, void **state)
{
	const char	*inm, *ua, *auth, *cookie;
	char		 loc[4096], secs[32], hv[128], *big;
	unsigned int	 code;
	long		 n, i;
	int		 off = 0;
	time_t		 t;
	struct tm	 tm;
	enum MHD_Result	 rv;

	inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
	ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "User-Agent");
	fprintf(reqlog, "%s %s etag=%s ua=%s\n", method, url,
	    inm != NULL ? inm : "-", ua != NULL ? ua : "-");
	fflush(reqlog);
	if (strncmp(url, "/feed/", 6) == 0)
		return serve_feed(c, url + 6, NULL, NULL);
	if (strncmp(url, "/basic/", 7) == 0) {
		/* base64("feedd:s3cret pass") */
		auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "Authorization");
		if (auth != NULL &&
		    strcmp(auth, "Basic ZmVlZGQ6czNjcmV0IHBhc3M=") == 0)
			return serve_feed(c, url + 7, NULL, NULL);
		return reply(c, 401, "who?", 4, "WWW-Authenticate",
		    "Basic realm=\"test\"", NULL, NULL);
	}
	if (strncmp(url, "/away/", 6) == 0) {
		snprintf(loc, sizeof loc, "http://localhost:%u/token/%s", port,
		    url + 6);
		return reply(c, 302, "", 0, "Location", loc, NULL, NULL);
	}
	/* A tracking link: to the same file, under another host's name. */
	if (strncmp(url, "/track/", 7) == 0) {
		snprintf(loc, sizeof loc, "http://localhost:%u/feed/%s", port,
		    url + 7);
		return reply(c, 302, "", 0, "Location", loc, NULL, NULL);
	}
	if (strncmp(url, "/token/", 7) == 0) {
		auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "X-Api-Key");
		cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "Cookie");
		if (auth != NULL && strcmp(auth, "k3y") == 0 &&
		    cookie != NULL && strcmp(cookie, "session=c00kie") == 0)
			return serve_feed(c, url + 7, NULL, NULL);
		return reply(c, 403, "no", 2, NULL, NULL, NULL, NULL);
	}
	if (sscanf(url, "/cached/%ld/%n", &n, &off) == 1 && off > 0) {
		snprintf(hv, sizeof hv, "public, max-age=%ld", n);
		return serve_feed(c, url + off, "Cache-Control", hv);
	}
	if (sscanf(url, "/expires/%ld/%n", &n, &off) == 1 && off > 0) {
		t = time(NULL) + n;
		gmtime_r(&t, &tm);
		strftime(hv, sizeof hv, "%a, %d %b %Y %H:%M:%S GMT", &tm);
		return serve_feed(c, url + off, "Expires", hv);
	}
	if (sscanf(url, "/status/%u/%ld", &code, &n) == 2) {
		snprintf(secs, sizeof secs, "%ld", n);
		return reply(c, code, "error", 5, n > 0 ? "Retry-After" : NULL,
		    secs, NULL, NULL);
	}
	if (strncmp(url, "/moved/", 7) == 0 || strncmp(url, "/found/", 7) == 0) {
		snprintf(loc, sizeof loc, "/feed/%s", url + 7);
		return reply(c, url[1] == 'm' ? 301 : 302, "", 0, "Location",
		    loc, NULL, NULL);
	}
	if (strcmp(url, "/to-file") == 0)
		return reply(c, 302, "", 0, "Location", "file:///etc/passwd",
		    NULL, NULL);
	if (sscanf(url, "/big/%ld", &n) == 1) {
		big = malloc(n * 1024 + 1);
		memset(big, ' ', n * 1024);
		memcpy(big, "<rss version=\"2.0\"><channel>", 28);
		for (i = 100; i + 100 < n * 1024; i += 100)
			memcpy(big + i, "<!-- padding -->", 16);
		rv = reply(c, 200, big, n * 1024, NULL, NULL, NULL, NULL);
		free(big);
		return rv;
	}
	if (strcmp(url, "/stall") == 0) {
		sleep(60);
		return reply(c, 200, "late", 4, NULL, NULL, NULL, NULL);
	}
	return reply(c, 404, "not found", 9, NULL, NULL, NULL, NULL);
}

int
main(int argc, char *argv[])
{
	struct MHD_Daemon	*d;
	struct sockaddr_in	 sa;
	const union MHD_DaemonInfo *info;
	FILE			*pf;
	sigset_t		 set;
	int			 sig;

	if (argc != 4) {
		fprintf(stderr, "usage: testserver DOCROOT PORTFILE LOGFILE\n");
		return 2;
	}
	docroot = argv[1];
	if ((reqlog = fopen(argv[3], "a")) == NULL)
		return 1;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);	/* 127.0.0.1 only */
	sa.sin_port = 0;
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL, handler, NULL,
	    MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "testserver: cannot start\n");
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if ((pf = fopen(argv[2], "w")) == NULL)
		return 1;
	port = info->port;
	fprintf(pf, "%u\n", info->port);
	fclose(pf);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
