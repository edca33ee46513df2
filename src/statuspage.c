/* SPDX-License-Identifier: ISC */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "statuspage.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * Everything shown comes from feedd.conf, the state and the feeds (an
 * error message may hold a server's words): it is all escaped, in the
 * HTML and in the JSON alike.
 */

static const char *const statuspage_state_word[] = {
	"ok", "failing", "new", "disabled"
};

/* The order of the states on the page: what needs an admin first. */
static int
statuspage_rank(enum status_state s)
{
	return s == STATUS_FAILING ? 0 : s == STATUS_NEW ? 1 :
	    s == STATUS_OK ? 2 : 3;
}

static int
statuspage_cmp(const void *pa, const void *pb)
{
	const struct status_row	*a = pa, *b = pb;

	if (statuspage_rank(a->state) != statuspage_rank(b->state))
		return statuspage_rank(a->state) - statuspage_rank(b->state);
	return strcmp(a->name, b->name);
}

void
statuspage_sort(struct status_row *rows, size_t n)
{
	qsort(rows, n, sizeof *rows, statuspage_cmp);
}

/* "2026-12-02 06:30 UTC" */
static void
statuspage_time(struct buf *out, int64_t t)
{
	char	s[DATE_RFC3339_SIZE];

	date_rfc3339(t, s);
	buf_printf(out, "%.10s %.5s UTC", s, s + 11);
}

/* "5 min ago", "in 2 h" */
static void
statuspage_ago(struct buf *out, int64_t t, int64_t now)
{
	int64_t	d = t > now ? t - now : now - t;

	if (t > now)
		buf_adds(out, "in ");
	if (d < 120)
		buf_printf(out, "%" PRId64 " s", d);
	else if (d < 7200)
		buf_printf(out, "%" PRId64 " min", d / 60);
	else if (d < 2 * 86400)
		buf_printf(out, "%" PRId64 " h", d / 3600);
	else
		buf_printf(out, "%" PRId64 " days", d / 86400);
	if (t <= now)
		buf_adds(out, " ago");
}

/* "30 min", "1 day", "about 31 min" */
static void
statuspage_span(struct buf *out, int64_t d)
{
	if (d >= 120 && d % 60 != 0) {
		buf_adds(out, "about ");
		d = d >= 7200 ? (d + 1800) / 3600 * 3600 : (d + 30) / 60 * 60;
	}
	if (d % 86400 == 0)
		buf_printf(out, "%" PRId64 " day%s", d / 86400,
		    d == 86400 ? "" : "s");
	else if (d % 3600 == 0)
		buf_printf(out, "%" PRId64 " h", d / 3600);
	else if (d % 60 == 0)
		buf_printf(out, "%" PRId64 " min", d / 60);
	else
		buf_printf(out, "%" PRId64 " s", d);
}

/* A row's state in words, escaped for HTML (or plain for text). */
static void
statuspage_state(struct buf *out, const struct status_row *r, int64_t now)
{
	switch (r->state) {
	case STATUS_FAILING:
		buf_printf(out, "Failing, %" PRId64 " time%s in a row",
		    r->failures, r->failures == 1 ? "" : "s");
		if (r->fail_since > 0) {
			buf_adds(out, ", since ");
			statuspage_time(out, r->fail_since);
		}
		if (r->next > now) {
			buf_adds(out, "; backing off until ");
			statuspage_time(out, r->next);
		}
		break;
	case STATUS_NEW:
		buf_adds(out, "Not fetched yet");
		break;
	case STATUS_OK:
		buf_adds(out, "OK");
		break;
	case STATUS_DISABLED:
		buf_adds(out, "Disabled (enabled = no)");
		break;
	}
}

/* The summary line: how many sources stand how. */
static void
statuspage_summary(const struct statuspage *p, struct buf *out)
{
	size_t	count[4] = { 0, 0, 0, 0 }, i;

	for (i = 0; i < p->nrows; i++)
		count[p->rows[i].state]++;
	buf_printf(out, "%zu source%s: %zu failing, %zu OK, %zu not fetched "
	    "yet, %zu disabled; %zu articles", p->nrows, p->nrows == 1 ? "" :
	    "s", count[STATUS_FAILING], count[STATUS_OK], count[STATUS_NEW],
	    count[STATUS_DISABLED], p->articles);
}

/* A text for HTML. */
static void
statuspage_esc(struct buf *out, const char *s)
{
	utf8_xml_escape(out, s != NULL ? s : "");
}

/* "<td data-label=...>" */
static void
statuspage_td(struct buf *out, const char *label, const char *class)
{
	buf_printf(out, "<td data-label=\"%s\"%s%s%s>", label,
	    class != NULL ? " class=\"" : "", class != NULL ? class : "",
	    class != NULL ? "\"" : "");
}

/* One source's row of the table. */
static void
statuspage_html_row(const struct status_row *r, int64_t now, struct buf *out)
{
	buf_adds(out, "<tr>\n<th scope=\"row\" data-label=\"Source\">"
	    "<a href=\"/sources/");
	statuspage_esc(out, r->name);
	buf_adds(out, ".atom\">");
	statuspage_esc(out, r->name);
	buf_adds(out, "</a><br><span class=\"url\">");
	statuspage_esc(out, r->url);
	buf_adds(out, "</span></th>\n");
	statuspage_td(out, "State", statuspage_state_word[r->state]);
	statuspage_state(out, r, now);
	buf_adds(out, "</td>\n");
	statuspage_td(out, "Last fetch", NULL);
	if (r->last_fetch > 0) {
		statuspage_ago(out, r->last_fetch, now);
		if (r->last_status > 0)
			buf_printf(out, ", HTTP %ld", r->last_status);
	} else if (r->last_success > 0) {
		buf_adds(out, "last success ");
		statuspage_ago(out, r->last_success, now);
	} else
		buf_adds(out, "none");
	buf_adds(out, "</td>\n");
	statuspage_td(out, "Next fetch", NULL);
	if (r->state == STATUS_DISABLED)
		buf_adds(out, "never");
	else if (r->next > now)
		statuspage_ago(out, r->next, now);
	else
		buf_adds(out, "soon");
	buf_adds(out, "</td>\n");
	statuspage_td(out, "Interval", NULL);
	statuspage_span(out, r->interval);
	buf_adds(out, " (");
	statuspage_esc(out, r->interval_why);
	buf_adds(out, ")</td>\n");
	statuspage_td(out, "Articles", NULL);
	buf_printf(out, "%zu (%" PRIu64 " written, %" PRIu64 " dropped since "
	    "start)</td>\n", r->articles, r->written, r->dropped);
	statuspage_td(out, "Last error", NULL);
	statuspage_esc(out, r->state == STATUS_FAILING ? r->last_error : NULL);
	buf_adds(out, "</td>\n</tr>\n");
}

/* The page's head: small and readable, a table that stacks on a phone. */
static void
statuspage_html_head(const struct statuspage *p, struct buf *out)
{
	buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>feedd: ");
	statuspage_esc(out, p->title);
	buf_adds(out, "</title>\n<style>\n"
	    "body{font:16px/1.4 system-ui,sans-serif;margin:1rem;color:#111;"
	    "background:#fff}\n"
	    "table{border-collapse:collapse;width:100%}\n"
	    "caption{text-align:left;font-weight:bold;padding:.5rem 0}\n"
	    "th,td{text-align:left;vertical-align:top;padding:.4rem .6rem;"
	    "border-bottom:1px solid #bbb}\n"
	    ".url{font-size:.85em;font-weight:normal;color:#444;"
	    "word-break:break-all}\n"
	    ".failing{color:#a00000;font-weight:bold}\n.ok{color:#005a00}\n"
	    ".fault{border:2px solid #a00000;padding:.5rem}\n"
	    "a{color:#0645ad}\n"
	    "@media (max-width:48rem){table,caption,thead,tbody,tr,th,td{"
	    "display:block}thead tr{position:absolute;left:-9999px}tr{border:1px "
	    "solid #bbb;margin-bottom:.8rem}th,td{border:none}"
	    "td::before{content:attr(data-label) \": \";font-weight:bold}}\n"
	    "</style>\n</head>\n<body>\n<header>\n<h1>feedd: ");
	statuspage_esc(out, p->title);
	buf_adds(out, "</h1>\n<p>");
	statuspage_summary(p, out);
	buf_adds(out, ". As of ");
	statuspage_time(out, p->now);
	buf_adds(out, ". Feeds: <a href=\"/feed.atom\">all</a>; "
	    "<a href=\"/status.json\">this page as JSON</a>.</p>\n");
	if (p->faults != NULL) {
		buf_adds(out, "<p class=\"fault\" role=\"alert\">");
		statuspage_esc(out, p->faults);
		buf_adds(out, "</p>\n");
	}
	buf_adds(out, "</header>\n");
}

void
statuspage_html(const struct statuspage *p, struct buf *out)
{
	size_t	i;

	statuspage_html_head(p, out);
	buf_adds(out, "<main>\n<table>\n<caption>Every source, failing ones "
	    "first</caption>\n<thead><tr><th scope=\"col\">Source</th>"
	    "<th scope=\"col\">State</th><th scope=\"col\">Last fetch</th>"
	    "<th scope=\"col\">Next fetch</th><th scope=\"col\">Interval</th>"
	    "<th scope=\"col\">Articles</th><th scope=\"col\">Last error</th>"
	    "</tr></thead>\n<tbody>\n");
	for (i = 0; i < p->nrows; i++)
		statuspage_html_row(&p->rows[i], p->now, out);
	buf_adds(out, "</tbody>\n</table>\n</main>\n</body>\n</html>\n");
}

/* A JSON string, or null. */
static void
statuspage_jstr(struct buf *out, const char *s)
{
	const unsigned char	*p;

	if (s == NULL) {
		buf_adds(out, "null");
		return;
	}
	buf_addc(out, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			buf_printf(out, "\\u%04x", *p);
		else
			buf_addc(out, (char)*p);
	}
	buf_addc(out, '"');
}

/* An RFC 3339 time, or null for 0. */
static void
statuspage_jtime(struct buf *out, int64_t t)
{
	char	s[DATE_RFC3339_SIZE];

	if (t <= 0) {
		buf_adds(out, "null");
		return;
	}
	date_rfc3339(t, s);
	statuspage_jstr(out, s);
}

/* "a,b" as ["a","b"]. */
static void
statuspage_jtags(struct buf *out, const char *tags)
{
	const char	*p;
	size_t		 len;
	char		*one;

	buf_addc(out, '[');
	for (p = tags; p != NULL && *p != '\0'; p += len + (p[len] == ',')) {
		len = strcspn(p, ",");
		one = xstrndup(p, len);
		if (p != tags)
			buf_addc(out, ',');
		statuspage_jstr(out, one);
		free(one);
	}
	buf_addc(out, ']');
}

static void
statuspage_json_row(const struct status_row *r, struct buf *out)
{
	buf_adds(out, "{\"name\":");
	statuspage_jstr(out, r->name);
	buf_adds(out, ",\"url\":");
	statuspage_jstr(out, r->url);
	buf_adds(out, ",\"tags\":");
	statuspage_jtags(out, r->tags);
	buf_printf(out, ",\"state\":\"%s\",\"failures\":%" PRId64
	    ",\"failing_since\":", statuspage_state_word[r->state],
	    r->failures);
	statuspage_jtime(out, r->state == STATUS_FAILING ? r->fail_since : 0);
	buf_adds(out, ",\"last_fetch\":");
	statuspage_jtime(out, r->last_fetch);
	buf_printf(out, ",\"last_status\":%ld,\"last_success\":",
	    r->last_status);
	statuspage_jtime(out, r->last_success);
	buf_adds(out, ",\"last_error\":");
	statuspage_jstr(out, r->state == STATUS_FAILING ? r->last_error : NULL);
	buf_adds(out, ",\"next_fetch\":");
	statuspage_jtime(out, r->state == STATUS_DISABLED ? 0 : r->next);
	buf_printf(out, ",\"interval\":%" PRId64 ",\"interval_reason\":",
	    r->interval);
	statuspage_jstr(out, r->interval_why);
	buf_printf(out, ",\"articles\":%zu,\"written\":%" PRIu64
	    ",\"dropped\":%" PRIu64 "}", r->articles, r->written, r->dropped);
}

void
statuspage_json(const struct statuspage *p, struct buf *out)
{
	size_t	i;

	buf_adds(out, "{\"title\":");
	statuspage_jstr(out, p->title);
	buf_adds(out, ",\"now\":");
	statuspage_jtime(out, p->now);
	buf_printf(out, ",\"articles\":%zu,\"write_fault\":", p->articles);
	statuspage_jstr(out, p->faults);
	buf_adds(out, ",\"sources\":[");
	for (i = 0; i < p->nrows; i++) {
		if (i > 0)
			buf_addc(out, ',');
		buf_adds(out, "\n");
		statuspage_json_row(&p->rows[i], out);
	}
	buf_adds(out, "\n]}\n");
}

void
statuspage_text(const struct statuspage *p, struct buf *out)
{
	const struct status_row	*r;
	size_t			 i;

	statuspage_summary(p, out);
	buf_adds(out, "\n");
	if (p->faults != NULL)
		buf_printf(out, "%s\n", p->faults);
	for (i = 0; i < p->nrows; i++) {
		r = &p->rows[i];
		buf_printf(out, "\n%s  %s\n  ", r->name, r->url);
		statuspage_state(out, r, p->now);
		buf_adds(out, "\n  last fetch: ");
		if (r->last_fetch > 0) {
			statuspage_ago(out, r->last_fetch, p->now);
			if (r->last_status > 0)
				buf_printf(out, " (HTTP %ld)", r->last_status);
		} else
			buf_adds(out, "none since start");
		buf_adds(out, "; next: ");
		if (r->state == STATUS_DISABLED)
			buf_adds(out, "never");
		else if (r->next > p->now)
			statuspage_ago(out, r->next, p->now);
		else
			buf_adds(out, "soon");
		buf_adds(out, "; every ");
		statuspage_span(out, r->interval);
		buf_printf(out, " (%s)\n  articles: %zu\n", r->interval_why,
		    r->articles);
		if (r->state == STATUS_FAILING && r->last_error != NULL)
			buf_printf(out, "  last error: %s\n", r->last_error);
	}
}
