/* SPDX-License-Identifier: ISC */
/*
 * commit: the order on disk.  Articles are committed before the state
 * that says they were fetched, so that a crash in between can only make
 * feedd fetch a feed again (and find nothing new), never forget an
 * article; what follows from committed articles (their pages, pruning,
 * feed.atom) comes after, through the committed callback.  While the
 * daemon runs, the waits (syncfs, renames, fsyncs, the state's write) are
 * on a committer thread, one commit at a time; at start and exit all is
 * done on the caller's thread.
 */
#ifndef FEEDD_COMMIT_H
#define FEEDD_COMMIT_H

struct commit;
struct ev_loop;
struct state;
struct store;

enum commit_part {
	COMMIT_ARTICLES,
	COMMIT_STATE
};

/* What the owner is told, on the loop. */
struct commit_ops {
	/* What was staged is in place (or there was nothing). */
	void	(*committed)(void *arg);
	/* A part was written; or could not be, and why. */
	void	(*written)(void *arg, enum commit_part);
	void	(*failed)(void *arg, enum commit_part, const char *cause);
	void	*arg;
};

/* Articles of store, then state as dir/state. */
struct commit	*commit_new(struct ev_loop *, struct store *, struct state *,
		     const char *dir, const struct commit_ops *);
/* Wait for the commit under way, then free. */
void		 commit_free(struct commit *);
/*
 * The state changed: it is written with the next commit, or, when it is
 * large, with the first one after its last write took its share of time.
 */
void		 commit_state_changed(struct commit *);
/* Whether the state has changes not yet taken by a commit. */
int		 commit_state_dirty(const struct commit *);
/*
 * Seal what the store has staged and take a copy of the state, both as
 * they stand now, and commit them on the committer's thread (nothing if
 * a commit is under way: the next call takes it).
 */
void		 commit_start(struct commit *);
/* Whether a commit is under way on the committer's thread. */
int		 commit_busy(const struct commit *);
/* Wait for the commit under way, then commit the rest here and now. */
void		 commit_now(struct commit *);

#endif
