/* SPDX-License-Identifier: ISC */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <ev.h>
#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "buf.h"
#include "conf.h"
#include "fetch.h"
#include "fulltext.h"
#include "log.h"
#include "schedule.h"
#include "state.h"
#include "status.h"
#include "strmap.h"
#include "statuspage.h"
#include "store.h"
#include "xmalloc.h"

struct status {
	struct ev_loop			*loop;
	const struct state		*state;
	const struct store		*store;
	const struct fulltext_counts	*pages;
	const struct schedule_lateness	*late;	/* the schedule's */
	const struct conf		*conf;
	size_t				 enabled;	/* its sources */
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
	/* What is known of each source since start, by name. */
	struct status_source		*sources;
	size_t				 nsources;
	size_t				 capsources;
	struct strmap			 byname;	/* to index + 1 */
};

/* What status knows of a source since start (the state knows the rest). */
struct status_source {
	char		*name;
	int64_t		 last_fetch;	/* when its last fetch ended, or 0 */
	long		 last_status;	/* that fetch's HTTP status, or 0 */
	int64_t		 fail_since;	/* its failures in a row began, or 0 */
	uint64_t	 written, dropped;
};

static struct status_source *status_source(struct status *, const char *);

/* curl: the body of /status.txt. */
static size_t
status_ask_write(char *data, size_t size, size_t n, void *arg)
{
	return buf_add(arg, data, size * n) == 0 ? size * n : 0;
}

struct status *
status_new(struct ev_loop *loop, const struct state *state,
    const struct store *store, const struct fulltext_counts *pages,
    const struct schedule_lateness *late, int once)
{
	struct status	*s;

	s = xcalloc(1, sizeof *s);
	s->loop = loop;
	s->state = state;
	s->store = store;
	s->pages = pages;
	s->late = late;
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
	for (i = 0; i < s->nsources; i++)
		free(s->sources[i].name);
	free(s->sources);
	strmap_free(&s->byname);
	free(s);
}

void
status_configure(struct status *s, const struct conf *c)
{
	s->conf = c;
	s->enabled = conf_enabled(c);
}

void
status_fetched(struct status *s, const char *name, int failed,
    const struct fetch_result *r)
{
	struct status_source	*v = status_source(s, name);
	char			 line[128];

	v->last_fetch = (int64_t)ev_now(s->loop);
	v->last_status = r->status;
	if (!failed)
		v->fail_since = 0;
	else if (v->fail_since == 0)
		v->fail_since = v->last_fetch;
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
	if (s->progress) {
		snprintf(line, sizeof line, "feedd: %zu of %zu sources, %ld "
		    "new articles", s->done, s->enabled, s->added);
		log_status(line);
	}
}

/* The record of source name, made when new (found by the index). */
static struct status_source *
status_source(struct status *s, const char *name)
{
	struct status_source	*v;
	uintptr_t		 at = (uintptr_t)strmap_get(&s->byname, name);

	if (at != 0)
		return &s->sources[at - 1];
	if (s->nsources == s->capsources) {
		s->capsources = s->capsources == 0 ? 64 : s->capsources * 2;
		s->sources = xreallocarray(s->sources, s->capsources,
		    sizeof *s->sources);
	}
	v = &s->sources[s->nsources++];
	memset(v, 0, sizeof *v);
	v->name = xstrdup(name);
	strmap_put(&s->byname, v->name, (void *)(uintptr_t)s->nsources);
	return v;
}

/* The record of name, if there is one. */
static const struct status_source *
status_source_find(const struct status *s, const char *name)
{
	uintptr_t	at = (uintptr_t)strmap_get(&s->byname, name);

	return at != 0 ? &s->sources[at - 1] : NULL;
}

void
status_dropped(struct status *s, const char *source, long n)
{
	status_source(s, source)->dropped += (uint64_t)n;
}

void
status_source_written(struct status *s, const char *source, long n)
{
	status_source(s, source)->written += (uint64_t)n;
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
		log_status(NULL);
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

void
status_faults_line(const struct status *s, struct buf *out)
{
	int	i;

	for (i = 0; i < STATUS_NFAULTS; i++) {
		if (s->faults[i].cause != NULL)
			buf_printf(out, "%sCannot write %s: %s", out->len > 0 ?
			    "; " : "", status_fault_what[i],
			    s->faults[i].cause);
	}
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

/* "failing sources: a (HTTP 500), b" when some fail. */
static void
status_failing_names(const struct status *s, struct buf *out)
{
	const struct source_state	*st;
	size_t				 i, n = 0;

	for (i = 0; i < s->state->n; i++) {
		st = &s->state->v[i];
		if (st->failures == 0 || conf_source(s->conf, st->name) == NULL)
			continue;
		buf_printf(out, "%s%s", n++ == 0 ? "failing sources: " : ", ",
		    st->name);
		if (st->last_error != NULL)
			buf_printf(out, " (%s)", st->last_error);
	}
	if (n > 0)
		buf_addc(out, '\n');
}

int
status_health(void *arg, struct buf *out)
{
	struct status	*s = arg;
	size_t		 failing = state_failing(s->state);
	int		 all = s->enabled > 0 && failing >= s->enabled;

	if (status_faults(s, out) > 0)
		all = 1;
	buf_printf(out, "%s: %zu sources, %zu failing, %zu articles\n",
	    all ? "failing" : "ok", s->conf->nsources, failing,
	    store_count(s->store));
	status_failing_names(s, out);
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

/* The sources' timers' lateness, as a Prometheus histogram. */
static void
status_lateness(const struct schedule_lateness *l, struct buf *out)
{
	uint64_t	sum = 0;
	size_t		i;

	status_series(out, "feedd_timer_lateness_seconds", "histogram",
	    "How late the sources' timers fired.");
	for (i = 0; i < SCHEDULE_LATE_BUCKETS; i++) {
		sum += l->bucket[i];
		buf_printf(out, "feedd_timer_lateness_seconds_bucket{le=\"%g\"} %"
		    PRIu64 "\n", schedule_late_bounds[i], sum);
	}
	buf_printf(out, "feedd_timer_lateness_seconds_bucket{le=\"+Inf\"} %"
	    PRIu64 "\nfeedd_timer_lateness_seconds_sum %.6f\n"
	    "feedd_timer_lateness_seconds_count %" PRIu64 "\n", l->count,
	    l->sum, l->count);
	status_series(out, "feedd_timer_lateness_max_seconds", "gauge",
	    "The latest a source's timer has fired, since start.");
	buf_printf(out, "feedd_timer_lateness_max_seconds %.6f\n", l->max);
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
	for (i = 0; i < s->nsources; i++) {
		if (s->sources[i].dropped > 0)
			buf_printf(out, "feedd_items_dropped_total{source=\"%s\"} %"
			    PRIu64 "\n", s->sources[i].name,
			    s->sources[i].dropped);
	}
	status_lateness(s->late, out);
	status_series(out, "feedd_source_last_success_timestamp_seconds",
	    "gauge", "The last successful fetch of each source.");
	for (i = 0; i < s->state->n; i++)
		buf_printf(out, "feedd_source_last_success_timestamp_seconds"
		    "{source=\"%s\"} %lld\n", s->state->v[i].name,
		    (long long)s->state->v[i].last_success);
}

/* The interval in force for a source, and why. */
static void
status_interval(const struct conf *c, const struct conf_source *cs,
    const struct source_state *st, struct status_row *r)
{
	int64_t	configured = cs->interval > 0 ? cs->interval : c->interval;

	r->interval = configured;
	r->interval_why = "configured";
	if (st != NULL && st->failures > 0) {
		r->interval_why = "backing off after failures";
		r->interval = st->next > r->last_fetch && r->last_fetch > 0 ?
		    st->next - r->last_fetch : configured;
	} else if (st != NULL && st->min_interval > configured) {
		r->interval = st->min_interval;
		r->interval_why = "the publisher asks (ttl, Cache-Control or "
		    "Expires)";
	}
}

/* One source's row. */
static void
status_row(const struct status *s, const struct conf_source *cs,
    struct status_row *r)
{
	const struct source_state	*st = NULL;
	const struct status_source	*v;
	size_t				 i;

	memset(r, 0, sizeof *r);
	r->name = cs->name;
	r->url = cs->url;
	r->tags = cs->tags;
	for (i = 0; i < s->state->n; i++) {
		if (strcmp(s->state->v[i].name, cs->name) == 0)
			st = &s->state->v[i];
	}
	if ((v = status_source_find(s, cs->name)) != NULL) {
		r->last_fetch = v->last_fetch;
		r->last_status = v->last_status;
		r->fail_since = v->fail_since;
		r->written = v->written;
		r->dropped = v->dropped;
	}
	if (st != NULL) {
		r->failures = st->failures;
		r->next = st->next;
		r->last_success = st->last_success;
		r->last_error = st->last_error;
		if (st->fail_since > 0)
			r->fail_since = st->fail_since;	/* kept across restarts */
		if (st->url != NULL)
			r->url = st->url;
	}
	r->articles = store_source_count(s->store, cs->name);
	r->state = !cs->enabled ? STATUS_DISABLED : r->failures > 0 ?
	    STATUS_FAILING : r->last_success > 0 ? STATUS_OK : STATUS_NEW;
	status_interval(s->conf, cs, st, r);
}

size_t
status_rows(const struct status *s, struct status_row **out)
{
	size_t	i;

	*out = xcalloc(s->conf->nsources + 1, sizeof **out);
	for (i = 0; i < s->conf->nsources; i++)
		status_row(s, &s->conf->sources[i], &(*out)[i]);
	return s->conf->nsources;
}

/* The running daemon's /status.txt into out; -1 when none answers. */
static int
status_ask(const struct conf *c, struct buf *out)
{
	CURL	*curl;
	char	*url;
	long	 code = 0;
	int	 rv;

	if (c->listen == NULL || (curl = curl_easy_init()) == NULL)
		return -1;
	url = xasprintf("http://%s/status.txt", c->listen);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 3L);
	curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, status_ask_write);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
	rv = curl_easy_perform(curl) == CURLE_OK &&
	    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK
	    && code == 200 ? 0 : -1;
	curl_easy_cleanup(curl);
	free(url);
	return rv;
}

/* The table from the state and the collection, when no daemon runs. */
static void
status_offline(const struct conf *c, struct buf *out)
{
	struct status		 s;
	struct state		 state;
	struct statuspage	 p;
	char			*articles, *cause;

	memset(&s, 0, sizeof s);
	memset(&state, 0, sizeof state);
	if (state_load(c->state_dir, &state, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
	}
	articles = xasprintf("%s/articles", c->state_dir);
	if ((s.store = store_open(articles, STORE_READONLY | STORE_NOLINKS,
	    &cause)) == NULL) {
		log_warnx("%s", cause);
		free(cause);
	}
	s.state = &state;
	status_configure(&s, c);
	memset(&p, 0, sizeof p);
	p.title = c->feed_title;
	p.now = (int64_t)time(NULL);
	p.articles = s.store != NULL ? store_count(s.store) : 0;
	p.nrows = status_rows(&s, &p.rows);
	statuspage_sort(p.rows, p.nrows);
	statuspage_text(&p, out);
	free(p.rows);
	store_close((struct store *)s.store);
	state_free(&state);
	free(articles);
}

int
status_print(const struct conf *c)
{
	struct buf	out;

	buf_init(&out, 64 * 1024 * 1024);
	if (status_ask(c, &out) == -1) {
		buf_reset(&out);
		buf_printf(&out, "(no daemon answers on %s: from the state)\n",
		    c->listen != NULL ? c->listen : "listen = off");
		status_offline(c, &out);
	}
	fwrite(out.data, 1, out.len, stdout);
	buf_free(&out);
	return fflush(stdout) == 0 ? 0 : 1;
}
