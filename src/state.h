/* SPDX-License-Identifier: ISC */
/*
 * state: what feedd remembers of each source between runs, in one file
 * (state_dir/state) rewritten atomically: the URL in use, the validators,
 * when to fetch next, the failures in a row and the last error.
 */
#ifndef FEEDD_STATE_H
#define FEEDD_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "strmap.h"

struct buf;

struct source_state {
	char	*name;
	char	*url;		/* in use; NULL: the configured one */
	char	*conf_url;	/* the configured URL the state is for */
	char	*etag;
	char	*last_modified;
	int64_t	 next;		/* when to fetch next; 0: soon */
	int64_t	 failures;	/* in a row */
	int64_t	 last_success;	/* 0: never */
	int64_t	 min_interval;	/* what the publisher asks, seconds */
	char	*last_error;
	int64_t	 fail_since;	/* the failures in a row began; 0: none */
};

struct state {
	struct source_state	*v;
	size_t			 n, cap;
	struct strmap		 index;		/* name to its place in v, + 1 */
};

/*
 * Read dir/state (no file: no state).  -1 with *cause (naming the file)
 * when it cannot be read; STATE_DAMAGED with *cause (the file and line)
 * when what it holds is not a whole state file.
 */
int			 state_load(const char *dir, struct state *, char **cause);
#define STATE_DAMAGED	(-2)
/*
 * state_load for the daemon: a damaged file is moved aside (as
 * state.broken-SECONDS), with a warning, and the state starts empty.
 * -1 with *cause when the file cannot be read or moved.
 */
int			 state_open(const char *dir, struct state *,
			     char **cause);
/*
 * Take dir's lock (dir/lock, flock(2)) for as long as this process runs,
 * so that no two feedd share a state: the descriptor that holds it, or
 * -1 with *cause (which names the pid that holds it, when one does).
 */
int			 state_lock(const char *dir, char **cause);
/* Write dir/state atomically.  -1 with *cause on failure. */
int			 state_save(const char *dir, const struct state *,
			     char **cause);
/*
 * state_save in two steps, for a write on another thread: the file's
 * bytes now (a snapshot), and writing them later.
 */
void			 state_format(const struct state *, struct buf *out);
int			 state_write(const char *dir, const struct buf *,
			     char **cause);
/* The state of name, made empty if there is none.  Pointers stay valid
 * until the next state_get of a new name or state_remove. */
struct source_state	*state_get(struct state *, const char *name);
void			 state_remove(struct state *, const char *name);
void			 state_free(struct state *);
/*
 * Forget every source's ETag and Last-Modified: the next fetch of each
 * is unconditional (when the articles they vouch for are gone).
 */
void			 state_forget_validators(struct state *);
/* Forget the sources that c does not name. */
struct conf;
void			 state_keep(struct state *, const struct conf *);
/* How many sources failed their last fetch. */
size_t			 state_failing(const struct state *);
/* Set *field to a copy of value (NULL clears it). */
void			 state_set(char **field, const char *value);

#endif
