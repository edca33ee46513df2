/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>

#include <ev.h>

#include "buf.h"
#include "commit.h"
#include "state.h"
#include "store.h"
#include "workq.h"
#include "xmalloc.h"

/*
 * The state file is rewritten whole, so at most at about this many bytes
 * a second: at 100,000 sources it is 12 MB, written once in 12 s and not
 * at every commit (24 MB a second to disk, and its formatting on the
 * loop).  A crash loses only the validators and times of the last
 * seconds, which makes feedd fetch those feeds again and find nothing new.
 */
#define COMMIT_STATE_RATE	(1024. * 1024.)

struct commit {
	struct ev_loop		*loop;
	struct store		*store;
	struct state		*state;
	char			*dir;
	struct workq		*thread;	/* the committer */
	struct commit_ops	 ops;
	int			 state_dirty;
	ev_tstamp		 state_next;	/* not written again before */
	int			 running;	/* a commit is out */
};

/* One commit on the committer's thread. */
struct commit_job {
	struct commit		*c;
	struct store_sealed	*sealed;	/* or NULL: the state alone */
	struct buf		 state;		/* its copy, or empty */
	char			*articles_error;
	char			*state_error;
};

struct commit *
commit_new(struct ev_loop *loop, struct store *store, struct state *state,
    const char *dir, const struct commit_ops *ops)
{
	struct commit	*c;

	c = xcalloc(1, sizeof *c);
	c->loop = loop;
	c->store = store;
	c->state = state;
	c->dir = xstrdup(dir);
	c->thread = workq_new(loop, 1);
	c->ops = *ops;
	return c;
}

void
commit_free(struct commit *c)
{
	if (c == NULL)
		return;
	workq_drain(c->thread);
	workq_free(c->thread);
	free(c->dir);
	free(c);
}

void
commit_state_changed(struct commit *c)
{
	c->state_dirty = 1;
}

int
commit_state_dirty(const struct commit *c)
{
	return c->state_dirty;
}

/* Tell the owner that part failed; cause is freed. */
static void
commit_fail(struct commit *c, enum commit_part part, char *cause)
{
	c->ops.failed(c->ops.arg, part, cause);
	free(cause);
}

void
commit_now(struct commit *c)
{
	char	*cause;

	workq_drain(c->thread);
	if (store_pending(c->store)) {
		if (store_commit(c->store, &cause) == -1) {
			commit_fail(c, COMMIT_ARTICLES, cause);
			return;	/* the state must not run ahead */
		}
		c->ops.written(c->ops.arg, COMMIT_ARTICLES);
	}
	if (c->state_dirty) {
		if (state_save(c->dir, c->state, &cause) == -1)
			commit_fail(c, COMMIT_STATE, cause);
		else {
			c->state_dirty = 0;
			c->ops.written(c->ops.arg, COMMIT_STATE);
		}
	}
	c->ops.committed(c->ops.arg);
}

/* On the committer's thread: touches only the job. */
static void
commit_work(void *arg)
{
	struct commit_job	*j = arg;

	if (j->sealed != NULL &&
	    store_sealed_commit(j->sealed, &j->articles_error) == -1)
		return;	/* the state must not run ahead */
	if (j->state.len > 0)
		state_write(j->c->dir, &j->state, &j->state_error);
}

/* Back on the loop. */
static void
commit_work_done(void *arg)
{
	struct commit_job	*j = arg;
	struct commit		*c = j->c;

	c->running = 0;
	if (j->sealed != NULL)
		store_sealed_finish(c->store, j->sealed,
		    j->articles_error == NULL);
	if (j->articles_error != NULL) {
		commit_fail(c, COMMIT_ARTICLES, j->articles_error);
		if (j->state.len > 0)
			c->state_dirty = 1;
	} else {
		if (j->sealed != NULL)
			c->ops.written(c->ops.arg, COMMIT_ARTICLES);
		if (j->state_error != NULL) {
			commit_fail(c, COMMIT_STATE, j->state_error);
			c->state_dirty = 1;
		} else if (j->state.len > 0)
			c->ops.written(c->ops.arg, COMMIT_STATE);
		c->ops.committed(c->ops.arg);
	}
	buf_free(&j->state);
	free(j);
}

/*
 * The state written is never ahead of the articles written before it:
 * every article a fetch brings is staged before the state says it was
 * fetched.
 */
void
commit_start(struct commit *c)
{
	struct commit_job	*j;
	char			*cause;
	int			 state;

	if (c->running)
		return;
	state = c->state_dirty && ev_now(c->loop) >= c->state_next;
	if (!store_pending(c->store) && !state) {
		c->ops.committed(c->ops.arg);
		return;
	}
	j = xcalloc(1, sizeof *j);
	j->c = c;
	if (store_seal(c->store, &j->sealed, &cause) == -1) {
		commit_fail(c, COMMIT_ARTICLES, cause);
		free(j);
		return;
	}
	buf_init(&j->state, BUF_NOLIMIT);
	if (state) {
		state_format(c->state, &j->state);
		c->state_dirty = 0;
		c->state_next = ev_now(c->loop) +
		    (double)j->state.len / COMMIT_STATE_RATE;
	}
	c->running = 1;
	workq_submit(c->thread, commit_work, commit_work_done, j);
}

int
commit_busy(const struct commit *c)
{
	return c->running;
}
