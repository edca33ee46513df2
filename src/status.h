/* SPDX-License-Identifier: ISC */
/*
 * status: how things stand, and who is told: systemd (sd_notify: READY,
 * STATUS, WATCHDOG, RELOADING, STOPPING), HTTP clients (/health and
 * /metrics, with the counters since start) and, with --once, the
 * terminal (a progress line, then the sources that failed).
 */
#ifndef FEEDD_STATUS_H
#define FEEDD_STATUS_H

#include <stdint.h>

struct buf;
struct conf;
struct ev_loop;
struct schedule_lateness;
struct fetch_result;
struct fulltext_counts;
struct state;
struct status;
struct store;

/*
 * What status reads, owned elsewhere: the state, the collection and the
 * page counters; with once, the run's accounting is kept.
 */
struct status	*status_new(struct ev_loop *, const struct state *,
		     const struct store *, const struct fulltext_counts *,
		     const struct schedule_lateness *, int once);
void		 status_free(struct status *);
/* The configuration in force (valid until the next call). */
void		 status_configure(struct status *, const struct conf *);
/* After every fetch: counters; with once, progress and failures. */
void		 status_fetched(struct status *, const char *name, int failed,
		     const struct fetch_result *);
/* Articles written (new or updated), of which added were new. */
void		 status_written(struct status *, long written, long added);
/* n items of source were dropped by the filters. */
void		 status_dropped(struct status *, const char *source, long n);
/* n articles of source were written (new or updated). */
void		 status_source_written(struct status *, const char *source,
		     long n);
/* With once: how many sources were fetched. */
size_t		 status_done(const struct status *);
/*
 * With once, at the end: end the progress line, name each source that
 * failed; returns the exit status (1 when one did).
 */
int		 status_finish(struct status *);

/*
 * What could not be written.  A fault is logged the first time, then only
 * counted (a line at most each minute says how often, and one says when
 * it is over); while any is on, /health is 503 and says it.
 */
enum status_fault {
	STATUS_FAULT_ARTICLES,		/* articles: staged or committed */
	STATUS_FAULT_STATE,		/* state_dir/state */
	STATUS_FAULT_FEED,		/* state_dir/feed.atom */
	STATUS_NFAULTS
};
void		 status_fault(struct status *, enum status_fault,
		     const char *cause);
/* The write faults that are on, as one line into out (nothing if none). */
void		 status_faults_line(const struct status *, struct buf *out);
/* It was written: the fault is over. */
void		 status_fault_clear(struct status *, enum status_fault);

/* Say msg to systemd (nothing outside it or without libsystemd). */
void		 status_notify(const char *fmt, ...)
		     __attribute__((format(printf, 1, 2)));
/* READY=1, the watchdog systemd asks for, and the STATUS= line. */
void		 status_ready(struct status *);
/* STATUS=: a one-line summary for systemctl status. */
void		 status_summary(const struct status *);

/* How a source stands, for the status page, /status.json, --status. */
enum status_state {
	STATUS_OK,		/* its last fetch worked */
	STATUS_FAILING,		/* its last fetches failed */
	STATUS_NEW,		/* not fetched yet */
	STATUS_DISABLED		/* enabled = no */
};
struct status_row {
	const char		*name;
	const char		*url;		/* in use */
	const char		*tags;		/* "a,b", or NULL */
	enum status_state	 state;
	int64_t			 failures;	/* in a row */
	int64_t			 fail_since;	/* 0: not known (or none) */
	int64_t			 last_fetch;	/* since start; 0: none */
	long			 last_status;	/* its HTTP status, or 0 */
	int64_t			 last_success;	/* 0: never */
	const char		*last_error;	/* or NULL */
	int64_t			 next;		/* the next fetch; 0: soon */
	int64_t			 interval;	/* in force, seconds */
	const char		*interval_why;
	size_t			 articles;	/* in the collection */
	uint64_t		 written, dropped;	/* since start */
};
/*
 * A row for each configured source, in the configuration's order, into
 * *out (the caller frees it; the strings are the configuration's and the
 * state's, valid until either changes).  Returns how many.
 */
size_t		 status_rows(const struct status *, struct status_row **out);

/*
 * feedd --status: the table of /status.txt from the daemon listening as
 * c says, else made from the state and the collection.  Returns the exit
 * status.
 */
int		 status_print(const struct conf *c);

/* http's health: a status line; 0 when every source is failing. */
int		 status_health(void *status, struct buf *out);
/* http's metrics: Prometheus text format. */
void		 status_metrics(void *status, struct buf *out);

#endif
