/* SPDX-License-Identifier: ISC */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <ev.h>
#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "buf.h"
#include "conf.h"
#include "fetch.h"
#include "fulltext.h"
#include "log.h"
#include "state.h"
#include "status.h"
#include "store.h"
#include "xmalloc.h"

struct status {
	struct ev_loop			*loop;
	const struct state		*state;
	const struct store		*store;
	const struct fulltext_counts	*pages;
	const struct conf		*conf;
	ev_timer			 watchdog;
	/* Counters for /metrics, since start. */
	uint64_t			 fetch_ok, fetch_304, fetch_error;
	uint64_t			 written, bytes;
	/* What cannot be written now: the cause, and how often since. */
	struct {
		char		*cause;
		uint64_t	 count, logged;
		int64_t		 since, last_log;
	}				 faults[STATUS_NFAULTS];
	/* With once. */
	int				 once;
	int				 progress;	/* stderr is a tty */
	size_t				 done;
	long				 added;
	char				**failures;
	size_t				 nfailures;
	/* Items the filters dropped, by source, since start. */
	struct {
		char		*name;
		uint64_t	 count;
	}				*dropped;
	size_t				 ndropped;
};

struct status *
status_new(struct ev_loop *loop, const struct state *state,
    const struct store *store, const struct fulltext_counts *pages, int once)
{
	struct status	*s;

	s = xcalloc(1, sizeof *s);
	s->loop = loop;
	s->state = state;
	s->store = store;
	s->pages = pages;
	s->once = once;
	s->progress = once && isatty(STDERR_FILENO);
	return s;
}

void
status_free(struct status *s)
{
	size_t	i;

	if (s == NULL)
		return;
	ev_timer_stop(s->loop, &s->watchdog);
	for (i = 0; i < STATUS_NFAULTS; i++)
		free(s->faults[i].cause);
	for (i = 0; i < s->nfailures; i++)
		free(s->failures[i]);
	free(s->failures);
	for (i = 0; i < s->ndropped; i++)
		free(s->dropped[i].name);
	free(s->dropped);
	free(s);
}

void
status_configure(struct status *s, const struct conf *c)
{
	s->conf = c;
}

void
status_fetched(struct status *s, const char *name, int failed,
    const struct fetch_result *r)
{
	if (failed)
		s->fetch_error++;
	else if (r->status == 304)
		s->fetch_304++;
	else
		s->fetch_ok++;
	s->bytes += (uint64_t)(r->bytes > 0 ? r->bytes : 0);
	if (!s->once)
		return;
	s->done++;
	if (failed) {
		s->failures = xreallocarray(s->failures, s->nfailures + 1,
		    sizeof *s->failures);
		s->failures[s->nfailures++] = xstrdup(name);
	}
	if (s->progress)
		fprintf(stderr, "\rfeedd: %zu of %zu sources, %ld new articles",
		    s->done, s->conf->nsources, s->added);
}

void
status_dropped(struct status *s, const char *source, long n)
{
	size_t	i;

	for (i = 0; i < s->ndropped; i++) {
		if (strcmp(s->dropped[i].name, source) == 0)
			break;
	}
	if (i == s->ndropped) {
		s->dropped = xreallocarray(s->dropped, s->ndropped + 1,
		    sizeof *s->dropped);
		s->dropped[i].name = xstrdup(source);
		s->dropped[i].count = 0;
		s->ndropped++;
	}
	s->dropped[i].count += (uint64_t)n;
}

void
status_written(struct status *s, long written, long added)
{
	s->written += (uint64_t)written;
	s->added += added;
}

size_t
status_done(const struct status *s)
{
	return s->done;
}

int
status_finish(struct status *s)
{
	size_t	i;

	if (s->progress)
		fputc('\n', stderr);
	for (i = 0; i < s->nfailures; i++)
		log_warnx("%s: failed", s->failures[i]);
	return s->nfailures > 0;
}

void
status_notify(const char *fmt, ...)
{
#ifdef HAVE_LIBSYSTEMD
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) != -1) {
		sd_notify(0, msg);
		free(msg);
	}
	va_end(ap);
#else
	(void)fmt;
#endif
}

/* WATCHDOG=1, at half the interval systemd asks for. */
static void
status_watchdog_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	status_notify("WATCHDOG=1");
}

void
status_ready(struct status *s)
{
#ifdef HAVE_LIBSYSTEMD
	uint64_t	usec;

	if (sd_watchdog_enabled(0, &usec) > 0) {
		ev_timer_init(&s->watchdog, status_watchdog_cb, usec / 2e6,
		    usec / 2e6);
		ev_timer_start(s->loop, &s->watchdog);
	}
#endif
	status_notify("READY=1");
	status_summary(s);
}

void
status_summary(const struct status *s)
{
	status_notify("STATUS=%zu sources (%zu failing), %zu articles",
	    s->conf->nsources, state_failing(s->state), store_count(s->store));
}

static const char *const status_fault_what[STATUS_NFAULTS] = {
	"articles", "the state", "feed.atom"
};

#define STATUS_FAULT_EVERY	60	/* seconds between repeat lines */

void
status_fault(struct status *s, enum status_fault f, const char *cause)
{
	int64_t	now = (int64_t)ev_now(s->loop);

	if (s->faults[f].cause == NULL) {
		log_warnx("cannot write %s: %s", status_fault_what[f], cause);
		s->faults[f].since = s->faults[f].last_log = now;
		s->faults[f].count = s->faults[f].logged = 1;
	} else if (++s->faults[f].count > s->faults[f].logged &&
	    now - s->faults[f].last_log >= STATUS_FAULT_EVERY) {
		log_warnx("cannot write %s: %s (%" PRIu64 " times in %llds)",
		    status_fault_what[f], cause, s->faults[f].count,
		    (long long)(now - s->faults[f].since));
		s->faults[f].last_log = now;
		s->faults[f].logged = s->faults[f].count;
	}
	free(s->faults[f].cause);
	s->faults[f].cause = xstrdup(cause);
}

void
status_fault_clear(struct status *s, enum status_fault f)
{
	if (s->faults[f].cause == NULL)
		return;
	log_info("%s written again, after %" PRIu64 " failure%s",
	    status_fault_what[f], s->faults[f].count,
	    s->faults[f].count == 1 ? "" : "s");
	free(s->faults[f].cause);
	s->faults[f].cause = NULL;
}

/* The faults that are on, a line each; how many. */
static int
status_faults(const struct status *s, struct buf *out)
{
	int	i, n = 0;

	for (i = 0; i < STATUS_NFAULTS; i++) {
		if (s->faults[i].cause == NULL)
			continue;
		buf_printf(out, "failing: cannot write %s since %lld: %s\n",
		    status_fault_what[i], (long long)s->faults[i].since,
		    s->faults[i].cause);
		n++;
	}
	return n;
}

int
status_health(void *arg, struct buf *out)
{
	struct status	*s = arg;
	size_t		 failing = state_failing(s->state);
	int		 all = s->conf->nsources > 0 &&
			    failing >= s->conf->nsources;

	if (status_faults(s, out) > 0)
		all = 1;
	buf_printf(out, "%s: %zu sources, %zu failing, %zu articles\n",
	    all ? "failing" : "ok", s->conf->nsources, failing,
	    store_count(s->store));
	return !all;
}

/* One counter or gauge, with its help and type lines. */
static void
status_series(struct buf *out, const char *name, const char *type,
    const char *help)
{
	buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
	    type);
}

void
status_metrics(void *arg, struct buf *out)
{
	struct status	*s = arg;
	size_t		 i;

	status_series(out, "feedd_fetches_total", "counter",
	    "Fetches, by result.");
	buf_printf(out, "feedd_fetches_total{result=\"ok\"} %" PRIu64 "\n"
	    "feedd_fetches_total{result=\"not_modified\"} %" PRIu64 "\n"
	    "feedd_fetches_total{result=\"error\"} %" PRIu64 "\n",
	    s->fetch_ok, s->fetch_304, s->fetch_error);
	status_series(out, "feedd_articles_written_total", "counter",
	    "Articles written (new or updated).");
	buf_printf(out, "feedd_articles_written_total %" PRIu64 "\n",
	    s->written);
	status_series(out, "feedd_bytes_fetched_total", "counter",
	    "Bytes received on the wire.");
	buf_printf(out, "feedd_bytes_fetched_total %" PRIu64 "\n", s->bytes);
	status_series(out, "feedd_page_fetches_total", "counter",
	    "Fetches of articles' own pages (fulltext), by result.");
	buf_printf(out, "feedd_page_fetches_total{result=\"ok\"} %" PRIu64 "\n"
	    "feedd_page_fetches_total{result=\"error\"} %" PRIu64 "\n"
	    "feedd_page_fetches_total{result=\"used\"} %" PRIu64 "\n",
	    s->pages->ok, s->pages->error, s->pages->used);
	status_series(out, "feedd_articles", "gauge",
	    "Articles in the collection.");
	buf_printf(out, "feedd_articles %zu\n", store_count(s->store));
	status_series(out, "feedd_sources", "gauge", "Sources configured.");
	buf_printf(out, "feedd_sources %zu\n", s->conf->nsources);
	status_series(out, "feedd_sources_failing", "gauge",
	    "Sources whose last fetch failed.");
	buf_printf(out, "feedd_sources_failing %zu\n",
	    state_failing(s->state));
	status_series(out, "feedd_write_failing", "gauge",
	    "1 while a kind of file cannot be written.");
	for (i = 0; i < STATUS_NFAULTS; i++)
		buf_printf(out, "feedd_write_failing{what=\"%s\"} %d\n",
		    i == STATUS_FAULT_ARTICLES ? "articles" :
		    i == STATUS_FAULT_STATE ? "state" : "feed",
		    s->faults[i].cause != NULL);
	status_series(out, "feedd_items_dropped_total", "counter",
	    "Items the filters (keep_if, drop_if) kept out, by source.");
	for (i = 0; i < s->ndropped; i++)
		buf_printf(out, "feedd_items_dropped_total{source=\"%s\"} %"
		    PRIu64 "\n", s->dropped[i].name, s->dropped[i].count);
	status_series(out, "feedd_source_last_success_timestamp_seconds",
	    "gauge", "The last successful fetch of each source.");
	for (i = 0; i < s->state->n; i++)
		buf_printf(out, "feedd_source_last_success_timestamp_seconds"
		    "{source=\"%s\"} %lld\n", s->state->v[i].name,
		    (long long)s->state->v[i].last_success);
}
