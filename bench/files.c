/* SPDX-License-Identifier: ISC */
/*
 * The floor that the disk sets for a cold start: write N files of SIZE
 * bytes into the new folder DIR the way feedd writes articles (a temp file
 * opened relative to the folder, written, its time set, closed; per batch
 * of BATCH files one syncfs, the renames into place and one fsync of the
 * folder), and nothing else: no fetching, no parsing.  Prints the seconds.
 * With MODE tmpfile, what the kernel offers instead, to see whether it pays:
 * each file made with O_TMPFILE (no name until it is whole), kept open over
 * the batch's syncfs, then linked into place (linkat) and closed: one
 * directory entry made per file instead of a temp one made and renamed.
 *
 * Usage: files N DIR [SIZE [BATCH [MODE]]]   (bench/daemon.sh runs it)
 */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/stat.h>

#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The names of file i: its temp name and its own. */
static void
names(long i, char tmp[96], char name[48])
{
	snprintf(name, 48, "%03ld_%016llx.txt", i,
	    (unsigned long long)i * 2654435761ULL);
	snprintf(tmp, 96, ".tmp.%s.%ld.%ld", name, (long)getpid(), i);
}

/* Write the batch [start, end) as temp files, sync, rename them. */
static void
batch_rename(int dfd, const char *data, long size, long start, long end)
{
	struct timespec	 times[2] = { { 1640995200, 0 }, { 1640995200, 0 } };
	char		 tmp[96], name[48];
	long		 i;
	int		 fd;

	for (i = start; i < end; i++) {
		names(i, tmp, name);
		if ((fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL |
		    O_CLOEXEC, 0644)) == -1)
			err(1, "%s", tmp);
		if (write(fd, data, (size_t)size) != size ||
		    futimens(fd, times) == -1 || close(fd) == -1)
			err(1, "%s", tmp);
	}
	if (syncfs(dfd) == -1)
		err(1, "syncfs");
	for (i = start; i < end; i++) {
		names(i, tmp, name);
		if (renameat(dfd, tmp, dfd, name) == -1)
			err(1, "rename %s", name);
	}
}

/* The same with O_TMPFILE files, kept open until linked. */
static void
batch_tmpfile(int dfd, const char *data, long size, long start, long end,
    int *fds)
{
	struct timespec	 times[2] = { { 1640995200, 0 }, { 1640995200, 0 } };
	char		 tmp[96], name[48], proc[64];
	long		 i;

	for (i = start; i < end; i++) {
		if ((fds[i - start] = openat(dfd, ".", O_TMPFILE | O_WRONLY |
		    O_CLOEXEC, 0644)) == -1)
			err(1, "O_TMPFILE");
		if (write(fds[i - start], data, (size_t)size) != size ||
		    futimens(fds[i - start], times) == -1)
			err(1, "write");
	}
	if (syncfs(dfd) == -1)
		err(1, "syncfs");
	for (i = start; i < end; i++) {
		names(i, tmp, name);
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", fds[i - start]);
		if (linkat(AT_FDCWD, proc, dfd, name, AT_SYMLINK_FOLLOW) == -1)
			err(1, "linkat %s", name);
		close(fds[i - start]);
	}
}

int
main(int argc, char **argv)
{
	struct rlimit	 rl;
	char		*data;
	long		 n, size, batch, start, end;
	double		 t0;
	int		 dfd, tmpfile, *fds;

	if (argc < 3)
		errx(2, "usage: files N DIR [SIZE [BATCH [MODE]]]");
	n = atol(argv[1]);
	size = argc > 3 ? atol(argv[3]) : 2048;
	batch = argc > 4 ? atol(argv[4]) : 1000;
	tmpfile = argc > 5 && strcmp(argv[5], "tmpfile") == 0;
	if (n < 0 || size < 0 || batch < 1)
		errx(2, "bad numbers");
	/* A batch of open files. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if ((fds = calloc((size_t)batch, sizeof *fds)) == NULL)
		err(1, "calloc");
	if ((data = malloc((size_t)size + 1)) == NULL)
		err(1, "malloc");
	memset(data, 'x', (size_t)size);
	if (mkdir(argv[2], 0755) == -1)
		err(1, "%s", argv[2]);
	if ((dfd = open(argv[2], O_RDONLY | O_DIRECTORY)) == -1)
		err(1, "%s", argv[2]);
	t0 = now();
	for (start = 0; start < n; start += batch) {
		end = start + batch < n ? start + batch : n;
		if (tmpfile)
			batch_tmpfile(dfd, data, size, start, end, fds);
		else
			batch_rename(dfd, data, size, start, end);
		if (fsync(dfd) == -1)
			err(1, "fsync");
	}
	printf("%.3f\n", now() - t0);
	free(data);
	free(fds);
	close(dfd);
	return 0;
}
