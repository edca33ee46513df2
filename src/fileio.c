/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "xmalloc.h"

/* Reading and atomically writing whole files (OpenSMTPD's queue_fs.c). */

struct file_batch {
	char	*dir;
	int	 dirfd;
	struct {
		char	*tmp;		/* names in dir */
		char	*name;
	}	*files;
	size_t	 n;
	unsigned long serial;	/* makes temp names unique */
};

/* write(2) until everything is written; -1 with errno on failure. */
int
file_write_all(int fd, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

/* Read a whole regular file, bounded by the buffer's cap. */
int
file_read_at(int dirfd, const char *name, struct buf *out, char **cause)
{
	struct stat	st;

	return file_read_stat(dirfd, name, out, &st, cause);
}

/* Read fd to its end into out; room for the size it had is made first. */
int
file_read_fd(int fd, size_t size, struct buf *out, char **cause)
{
	ssize_t	 n;
	size_t	 room;
	char	*p, c;

	for (;;) {
		/* One byte more than the size: the end is seen at once. */
		room = size < 65536 ? 65536 : size + 1;
		if (room > out->max - out->len)
			room = out->max - out->len;
		/* At the cap, only the end of the file may follow. */
		p = room > 0 ? buf_reserve(out, room) : &c;
		if ((n = read(fd, p, room > 0 ? room : 1)) == -1) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("read: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		if (room == 0) {
			*cause = xasprintf("larger than %zu bytes", out->max);
			return -1;
		}
		buf_commit(out, (size_t)n);
		size = 0;
	}
}

/* The same, with what fstat said of the file. */
int
file_read_stat(int dirfd, const char *name, struct buf *out,
    struct stat *st, char **cause)
{
	int	fd, rv = -1;

	buf_reset(out);
	/* O_NONBLOCK: a FIFO given a file's name must not hang the reader. */
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd == -1) {
		*cause = xasprintf("%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, st) == -1)
		*cause = xasprintf("fstat: %s", strerror(errno));
	else if (!S_ISREG(st->st_mode))
		*cause = xasprintf("not a regular file");
	else
		rv = file_read_fd(fd, (size_t)st->st_size, out, cause);
	close(fd);
	return rv;
}

/* Replace dir/name with data, atomically and durably. */
int
file_write_atomic(const char *dir, const char *name, const void *data,
    size_t len, char **cause)
{
	char	*tmp = NULL, *path = NULL;
	int	 fd = -1, dirfd = -1;

	tmp = xasprintf("%s/" FILEIO_TEMP_PREFIX "%s.XXXXXX", dir, name);
	path = xasprintf("%s/%s", dir, name);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", tmp, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto fail;
	}
	if (fchmod(fd, 0644) == -1 || file_write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1) {
		*cause = xasprintf("%s: %s", tmp, strerror(errno));
		goto fail;
	}
	if (close(fd) == -1) {
		fd = -1;
		*cause = xasprintf("%s: close: %s", tmp, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1) {
		*cause = xasprintf("rename %s: %s", path, strerror(errno));
		goto fail;
	}
	free(tmp);
	tmp = NULL;
	/* The rename is durable only once the folder itself is synced. */
	if ((dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fsync(dirfd) == -1) {
		*cause = xasprintf("%s: fsync: %s", dir, strerror(errno));
		goto fail;
	}
	close(dirfd);
	free(path);
	return 0;
fail:
	if (fd != -1)
		close(fd);
	if (dirfd != -1)
		close(dirfd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(path);
	return -1;
}

/* A batch of writes into dir. */
struct file_batch *
file_batch_new(const char *dir, char **cause)
{
	struct file_batch	*b;
	int			 fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", dir, strerror(errno));
		return NULL;
	}
	b = xcalloc(1, sizeof *b);
	b->dir = xstrdup(dir);
	b->dirfd = fd;
	return b;
}

/*
 * Write the temp file of name.  A cold start writes tens of thousands of
 * these, so each costs as few system calls as it can: the name is made
 * unique by the process and a counter (O_EXCL catches what a crash left
 * under the same name), and it is opened relative to the folder, with
 * its mode, in one call.
 */
int
file_batch_add(struct file_batch *b, const char *name, const void *data,
    size_t len, int64_t mtime, char **cause)
{
	struct timespec	 ts[2];
	char		*tmp;
	int		 fd;

	for (;;) {
		tmp = xasprintf(FILEIO_TEMP_PREFIX "%s.%ld.%lu", name,
		    (long)getpid(), b->serial++);
		/* umask may take bits away, as for any file created. */
		if ((fd = openat(b->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0644)) != -1 || errno != EEXIST)
			break;
		free(tmp);
	}
	if (fd == -1) {
		*cause = xasprintf("%s/%s: %s", b->dir, tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	ts[0].tv_sec = ts[1].tv_sec = (time_t)mtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	if (file_write_all(fd, data, len) == -1 ||
	    (mtime != 0 && futimens(fd, ts) == -1)) {
		*cause = xasprintf("%s/%s: %s", b->dir, tmp, strerror(errno));
		close(fd);
		fd = -1;
	} else if (close(fd) == -1) {
		*cause = xasprintf("%s/%s: close: %s", b->dir, tmp,
		    strerror(errno));
		fd = -1;
	}
	if (fd == -1) {
		unlinkat(b->dirfd, tmp, 0);
		free(tmp);
		return -1;
	}
	b->files = xreallocarray(b->files, b->n + 1, sizeof *b->files);
	b->files[b->n].tmp = tmp;
	b->files[b->n].name = xstrdup(name);
	b->n++;
	return 0;
}

size_t
file_batch_count(const struct file_batch *b)
{
	return b->n;
}

/* Make every file of the batch durable and put it in place. */
int
file_batch_commit(struct file_batch *b, char **cause)
{
	size_t	i;

	if (b->n == 0)
		return 0;
	/* One sync for all the files' data, not one each. */
	if (syncfs(b->dirfd) == -1) {
		*cause = xasprintf("%s: syncfs: %s", b->dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < b->n; i++) {
		if (renameat(b->dirfd, b->files[i].tmp, b->dirfd,
		    b->files[i].name) == -1) {
			*cause = xasprintf("%s/%s: rename: %s", b->dir,
			    b->files[i].name, strerror(errno));
			/* What is left waits for the next commit. */
			memmove(b->files, b->files + i,
			    (b->n - i) * sizeof *b->files);
			b->n -= i;
			return -1;
		}
		free(b->files[i].tmp);
		free(b->files[i].name);
	}
	b->n = 0;
	if (fsync(b->dirfd) == -1) {
		*cause = xasprintf("%s: fsync: %s", b->dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Move what src holds to dst, to be committed with it. */
void
file_batch_take(struct file_batch *dst, struct file_batch *src)
{
	if (src->n == 0)
		return;
	dst->files = xreallocarray(dst->files, dst->n + src->n,
	    sizeof *dst->files);
	memcpy(dst->files + dst->n, src->files, src->n * sizeof *src->files);
	dst->n += src->n;
	src->n = 0;
}

/* Free the batch, removing what was not committed. */
void
file_batch_free(struct file_batch *b)
{
	size_t	i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++) {
		if (b->files[i].tmp != NULL)
			unlinkat(b->dirfd, b->files[i].tmp, 0);
		free(b->files[i].tmp);
		free(b->files[i].name);
	}
	free(b->files);
	close(b->dirfd);
	free(b->dir);
	free(b);
}
