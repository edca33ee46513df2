/* SPDX-License-Identifier: ISC */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "log.h"
#include "workq.h"
#include "xmalloc.h"

/*
 * One mutex guards both lists.  A thread takes the oldest piece of work,
 * runs it unlocked, and moves it to the done list; ev_async wakes the loop,
 * which runs the done() of everything finished.  pending counts what was
 * submitted and whose done() has not run, so that drain knows when it is
 * over.
 */

struct workq_item {
	void			(*work)(void *);
	void			(*done)(void *);
	void			*arg;
	struct workq_item	*next;
};

struct workq_list {
	struct workq_item	*head, *tail;
};

struct workq {
	struct ev_loop		*loop;
	ev_async		 wake;
	pthread_mutex_t		 lock;
	pthread_cond_t		 todo_cond;	/* work came, or quit */
	pthread_cond_t		 done_cond;	/* work finished */
	struct workq_list	 todo, done;
	unsigned long		 pending;
	int			 quit;
	pthread_t		*threads;
	int			 nthreads;
};

static void	*workq_thread(void *);
static void	 workq_wake_cb(struct ev_loop *, ev_async *, int);
static void	 workq_run_done(struct workq *);

static void
workq_push(struct workq_list *l, struct workq_item *it)
{
	it->next = NULL;
	if (l->tail != NULL)
		l->tail->next = it;
	else
		l->head = it;
	l->tail = it;
}

static struct workq_item *
workq_pop(struct workq_list *l)
{
	struct workq_item	*it = l->head;

	if (it != NULL && (l->head = it->next) == NULL)
		l->tail = NULL;
	return it;
}

static void *
workq_thread(void *arg)
{
	struct workq		*q = arg;
	struct workq_item	*it;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (q->todo.head == NULL && !q->quit)
			pthread_cond_wait(&q->todo_cond, &q->lock);
		if ((it = workq_pop(&q->todo)) == NULL)
			break;		/* quit, and nothing left */
		pthread_mutex_unlock(&q->lock);
		it->work(it->arg);
		pthread_mutex_lock(&q->lock);
		workq_push(&q->done, it);
		pthread_cond_broadcast(&q->done_cond);
		ev_async_send(q->loop, &q->wake);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/* Run the done() of what finished, oldest first, on the loop's thread. */
static void
workq_run_done(struct workq *q)
{
	struct workq_list	 done;
	struct workq_item	*it;

	pthread_mutex_lock(&q->lock);
	done = q->done;
	q->done.head = q->done.tail = NULL;
	pthread_mutex_unlock(&q->lock);
	while ((it = workq_pop(&done)) != NULL) {
		it->done(it->arg);
		free(it);
		pthread_mutex_lock(&q->lock);
		q->pending--;
		pthread_mutex_unlock(&q->lock);
	}
}

static void
workq_wake_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	workq_run_done(w->data);
}

struct workq *
workq_new(struct ev_loop *loop, int nthreads)
{
	struct workq	*q;
	sigset_t	 all, old;
	int		 i, e;

	if (nthreads < 1)
		nthreads = 1;
	q = xcalloc(1, sizeof *q);
	q->loop = loop;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->todo_cond, NULL);
	pthread_cond_init(&q->done_cond, NULL);
	ev_async_init(&q->wake, workq_wake_cb);
	q->wake.data = q;
	ev_async_start(loop, &q->wake);
	/*
	 * The threads block every signal: SIGTERM, SIGHUP and the rest are
	 * the loop's (libev may read them from a signalfd, which needs them
	 * blocked everywhere, or their default action would end the process).
	 */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	q->threads = xcalloc((size_t)nthreads, sizeof *q->threads);
	for (i = 0; i < nthreads; i++) {
		if ((e = pthread_create(&q->threads[i], NULL, workq_thread,
		    q)) != 0) {
			log_warnx("pthread_create: %s", strerror(e));
			break;
		}
		q->nthreads++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (q->nthreads == 0)
		fatalx("no worker thread could start");
	return q;
}

void
workq_submit(struct workq *q, void (*work)(void *), void (*done)(void *),
    void *arg)
{
	struct workq_item	*it;

	it = xcalloc(1, sizeof *it);
	it->work = work;
	it->done = done;
	it->arg = arg;
	pthread_mutex_lock(&q->lock);
	workq_push(&q->todo, it);
	q->pending++;
	pthread_cond_signal(&q->todo_cond);
	pthread_mutex_unlock(&q->lock);
}

void
workq_drain(struct workq *q)
{
	pthread_mutex_lock(&q->lock);
	while (q->pending > 0) {
		while (q->done.head == NULL)
			pthread_cond_wait(&q->done_cond, &q->lock);
		pthread_mutex_unlock(&q->lock);
		workq_run_done(q);	/* a done() may submit more */
		pthread_mutex_lock(&q->lock);
	}
	pthread_mutex_unlock(&q->lock);
}

void
workq_free(struct workq *q)
{
	int	i;

	if (q == NULL)
		return;
	workq_drain(q);
	pthread_mutex_lock(&q->lock);
	q->quit = 1;
	pthread_cond_broadcast(&q->todo_cond);
	pthread_mutex_unlock(&q->lock);
	for (i = 0; i < q->nthreads; i++)
		pthread_join(q->threads[i], NULL);
	ev_async_stop(q->loop, &q->wake);
	pthread_cond_destroy(&q->todo_cond);
	pthread_cond_destroy(&q->done_cond);
	pthread_mutex_destroy(&q->lock);
	free(q->threads);
	free(q);
}

int
workq_threads(int max)
{
	long	n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	return n > max ? max : (int)n;
}
