/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "xmalloc.h"

/* Reading and atomically writing whole files (OpenSMTPD's queue_fs.c). */

static int	fileio_write_all(int, const void *, size_t);

/* write(2) until everything is written; -1 with errno on failure. */
static int
fileio_write_all(int fd, const void *data, size_t len)
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
	struct stat	 st;
	char		 chunk[65536];
	ssize_t		 n;
	int		 fd;

	buf_reset(out);
	/* O_NONBLOCK: a FIFO given a file's name must not hang the reader. */
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd == -1) {
		*cause = xasprintf("%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		*cause = xasprintf("fstat: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		*cause = xasprintf("not a regular file");
		goto fail;
	}
	for (;;) {
		if ((n = read(fd, chunk, sizeof chunk)) == -1) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("read: %s", strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		if (buf_add(out, chunk, n) == -1) {
			*cause = xasprintf("larger than %zu bytes", out->max);
			goto fail;
		}
	}
	close(fd);
	return 0;
fail:
	close(fd);
	return -1;
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
	if (fchmod(fd, 0644) == -1 || fileio_write_all(fd, data, len) == -1 ||
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
