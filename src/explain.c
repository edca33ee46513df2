/* SPDX-License-Identifier: ISC */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ev.h>

#include "conf.h"
#include "explain.h"
#include "filter.h"
#include "feedparse.h"
#include "fetch.h"
#include "ingest.h"
#include "log.h"
#include "normalize.h"
#include "request.h"
#include "state.h"
#include "store.h"
#include "xmalloc.h"

/* What --explain gathers: the result, and the parse of it. */
struct explain {
	const char		*name;
	struct store		*store;	/* or NULL: no collection yet */
	const struct filter	*all, *own;	/* keep_if, drop_if */
	int64_t			 now;
	long			 max_items;
	long			 added, updated, same, skipped;
	int			 done;
	int			 failed;
};

static void
explain_feed_cb(void *arg, const struct feed_info *info)
{
	printf("format: %s\n", feedparse_format_name(info->format));
	if (info->ttl > 0)
		printf("ttl: %ld minutes\n", info->ttl);
}

/* What the store would make of n. */
static const char *
explain_verdict(struct explain *e, struct normalized *n)
{
	enum store_result	res = STORE_NEW;
	struct store_item	it;

	if (e->store != NULL) {
		store_item_of(&it, n, e->name);
		res = store_check(e->store, &it);
	}
	if (res == STORE_NEW) {
		e->added++;
		return "new";
	}
	if (res == STORE_UPDATED) {
		e->updated++;
		return "updated";
	}
	e->same++;
	return "duplicate";
}

/* What the filters make of n, when there are any: 1 kept, 0 dropped. */
static int
explain_filters(struct explain *e, const struct normalized *n)
{
	const struct filter_rule	*why;
	int				 kept;

	if (e->all->n == 0 && e->own->n == 0)
		return 1;
	kept = filter_item(e->all, e->own, n, &why);
	if (kept && why != NULL)
		printf("  filter: kept by keep_if = %s\n", why->text);
	else if (kept)
		printf("  filter: kept (no drop_if matches)\n");
	else if (why != NULL)
		printf("  filter: dropped by drop_if = %s\n", why->text);
	else
		printf("  filter: dropped (no keep_if matches)\n");
	return kept;
}

static void
explain_item_cb(void *arg, const struct feed_item *it, struct normalized *n)
{
	struct explain	*e = arg;
	const char	*what;

	printf("\nitem %zu\n", it->index + 1);
	printf("  identity: %016" PRIx64 " from its %s\n", n->hash,
	    it->id != NULL && *it->id != '\0' ? "id" : n->link != NULL ?
	    "link" : "title and date");
	if (it->id != NULL)
		printf("  id: %s\n", it->id);
	printf("  title: %s\n", n->article.title);
	printf("  url: %s\n", n->article.url);
	printf("  date: %08" PRIu32 " from %s%s%s%s\n", n->article.date,
	    n->date_from, n->dated ? " \"" : "", n->dated ?
	    (n->has_published ? it->published.raw : it->updated.raw) : "",
	    n->dated ? "\"" : "");
	if (n->bad_date != NULL)
		printf("  unreadable date: \"%s\"\n", n->bad_date);
	if (n->clamped)
		printf("  the date was in the future: made now\n");
	printf("  body: %zu paragraph%s from %s\n", n->article.nbody,
	    n->article.nbody == 1 ? "" : "s", n->body_from != NULL ?
	    n->body_from : "the title");
	what = explain_filters(e, n) ? explain_verdict(e, n) : "dropped";
	printf("  would be: %s\n", what);
	normalized_free(n);
}

static void
explain_skipped_cb(void *arg, const struct feed_item *it, const char *cause)
{
	struct explain	*e = arg;

	printf("\nitem %zu\n  skipped: %s\n", it->index + 1, cause);
	e->skipped++;
}

static void
explain_warn_cb(void *arg, const char *msg)
{
	printf("warning: %s\n", msg);
}

/* The items of a 200's body. */
static void
explain_parse(struct explain *e, const struct fetch_result *r)
{
	const struct ingest_source	src = { e->name, r->url, e->now,
					    e->max_items };
	const struct ingest_cb		cb = { .feed = explain_feed_cb,
					    .item = explain_item_cb,
					    .skipped = explain_skipped_cb,
					    .warn = explain_warn_cb, .arg = e };
	char				*cause;

	if (ingest_buffer(r->body.data, r->body.len, &src, &cb,
	    &cause) == -1) {
		printf("error: %s\n", cause);
		free(cause);
		e->failed = 1;
		return;
	}
	printf("\n%ld new, %ld updated, %ld duplicates, %ld skipped\n",
	    e->added, e->updated, e->same, e->skipped);
}

static void
explain_done_cb(void *arg, const struct fetch_result *r)
{
	struct explain	*e = arg;

	e->done = 1;
	printf("request:\n");
	fwrite(r->headers_out.data != NULL ? r->headers_out.data : "", 1,
	    r->headers_out.len, stdout);
	printf("response:\n%s\n", r->headers_in.data != NULL ?
	    r->headers_in.data : "");
	if (r->error != NULL) {
		printf("error: %s\n", r->error);
		e->failed = 1;
		return;
	}
	printf("status: %ld; %" PRId64 " bytes on the wire, %zu decoded, "
	    "%.3f s\n", r->status, r->bytes, r->body.len, r->seconds);
	if (r->moved_to != NULL)
		printf("moved permanently to: %s\n", r->moved_to);
	if (r->status == 304)
		printf("not modified: nothing to parse\n");
	else if (r->status != 200)
		e->failed = 1;
	else
		explain_parse(e, r);
}

/* The saved state of the source, if it is for the URL configured. */
static const struct source_state *
explain_state(const struct state *state, const struct conf_source *cs)
{
	size_t	i;

	for (i = 0; i < state->n; i++) {
		if (strcmp(state->v[i].name, cs->name) == 0 &&
		    state->v[i].conf_url != NULL &&
		    strcmp(state->v[i].conf_url, cs->url) == 0)
			return &state->v[i];
	}
	return NULL;
}

/* Fetch with req on a loop of its own, until done. */
static void
explain_fetch(struct explain *e, const struct fetch_request *req)
{
	struct ev_loop	*loop;
	struct fetcher	*fetcher;

	loop = ev_default_loop(EVFLAG_AUTO);
	fetcher = fetcher_new(loop, 1, 1);
	if (fetch_start(fetcher, req, explain_done_cb, e) == NULL)
		fatalx("%s: cannot start the fetch", e->name);
	while (!e->done)
		ev_run(loop, EVRUN_ONCE);
	fetcher_free(fetcher);
	ev_loop_destroy(loop);
}

int
explain_run(const struct conf *c, const char *name, int force)
{
	const struct conf_source	*cs;
	const struct source_state	*st;
	struct state			 state;
	struct explain			 e;
	struct fetch_request		 req;
	char				*articles, *cause;

	if ((cs = conf_source(c, name)) == NULL) {
		log_errx("%s: no source \"%s\"", c->path, name);
		return 1;
	}
	memset(&e, 0, sizeof e);
	e.name = name;
	e.all = &c->filters;
	e.own = &cs->filters;
	e.now = time(NULL);
	e.max_items = (long)c->max_items;
	memset(&state, 0, sizeof state);
	if (state_load(c->state_dir, &state, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
	}
	st = explain_state(&state, cs);
	articles = xasprintf("%s/articles", c->state_dir);
	if ((e.store = store_open(articles, STORE_READONLY, &cause)) == NULL)
		free(cause);	/* no collection yet: everything is new */
	/* --force: as if nothing were known, so the body comes whole. */
	request_build(&req, c, cs, force ? NULL : st, NULL);
	req.verbose = 1;
	printf("source: %s\nurl: %s\n", name, req.url);
	if (st != NULL && st->failures > 0)
		printf("failures in a row: %lld (last: %s)\n",
		    (long long)st->failures, st->last_error != NULL ?
		    st->last_error : "?");
	explain_fetch(&e, &req);
	store_close(e.store);
	state_free(&state);
	free(articles);
	return e.failed;
}
