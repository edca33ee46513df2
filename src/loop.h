/* SPDX-License-Identifier: ISC */
/*
 * loop: the daemon's one libev loop: the schedule and its fetches, the
 * signals (SIGTERM and SIGINT stop, SIGHUP re-reads the configuration),
 * what is done with a fetched feed, and the housekeeping timer that
 * commits articles, saves the state, prunes and rewrites feed.atom.
 */
#ifndef FEEDD_LOOP_H
#define FEEDD_LOOP_H

struct conf;

/*
 * Run the daemon with c (taken; the loop frees it), reading path again on
 * SIGHUP.  once: fetch every source once, write, and return.  Returns the
 * exit status: 0, or 1 when (with once) a source failed.
 */
int	loop_run(const char *path, struct conf *c, int once);
/* Fetch one source now and say what happened, writing nothing. */
int	loop_explain(struct conf *c, const char *name);

#endif
