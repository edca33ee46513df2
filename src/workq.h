/* SPDX-License-Identifier: ISC */
/*
 * workq: work run on a few threads, its completion run back on the libev
 * loop.  The daemon parses and normalizes fetched feeds this way (the pure
 * stages: feedparse, normalize, html, date, uri), so that a cold start
 * uses every core, and waits for its commits this way, so that the loop
 * goes on fetching meanwhile.  work() must touch nothing that the loop's
 * thread touches but its argument; done() runs on the loop's thread, in
 * the order the work finished, and may do anything.
 */
#ifndef FEEDD_WORKQ_H
#define FEEDD_WORKQ_H

struct ev_loop;
struct workq;

/* A queue with nthreads threads (at least 1), completions on loop. */
struct workq	*workq_new(struct ev_loop *loop, int nthreads);
/* Run work(arg) on a thread, then done(arg) on the loop. */
void		 workq_submit(struct workq *, void (*work)(void *),
		     void (*done)(void *), void *arg);
/*
 * Wait until every piece of work submitted has finished and run its
 * done(), without the loop (at exit, after ev_run returned).
 */
void		 workq_drain(struct workq *);
/* Drain, stop the threads and free. */
void		 workq_free(struct workq *);
/* How many threads suit this machine: one per processor, at most max. */
int		 workq_threads(int max);

#endif
