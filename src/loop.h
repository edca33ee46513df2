/* SPDX-License-Identifier: ISC */
/*
 * loop: the daemon: its one libev loop, its parts wired together, the
 * signals (SIGTERM and SIGINT stop, SIGHUP re-reads the configuration),
 * and the housekeeping timer that commits, after which the pages, the
 * pruning and feed.atom follow.
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

#endif
