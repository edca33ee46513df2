/* SPDX-License-Identifier: ISC */
/*
 * The floor that the disk sets for a cold start: write N files of SIZE
 * bytes into the new folder DIR the way feedd writes articles (a temp file
 * opened relative to the folder, written, its time set, closed; per batch
 * of BATCH files one syncfs, the renames into place and one fsync of the
 * folder), and nothing else: no fetching, no parsing.  Prints the seconds.
 *
 * Usage: files N DIR [SIZE [BATCH]]   (bench/daemon.sh compiles and runs it)
 */
#define _GNU_SOURCE
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

int
main(int argc, char **argv)
{
	struct timespec	 times[2] = { { 1640995200, 0 }, { 1640995200, 0 } };
	char		 tmp[96], name[48], *data;
	long		 n, size, batch, start, i;
	double		 t0;
	int		 dfd, fd;

	if (argc < 3)
		errx(2, "usage: files N DIR [SIZE [BATCH]]");
	n = atol(argv[1]);
	size = argc > 3 ? atol(argv[3]) : 2048;
	batch = argc > 4 ? atol(argv[4]) : 1000;
	if (n < 0 || size < 0 || batch < 1)
		errx(2, "bad numbers");
	if ((data = malloc((size_t)size + 1)) == NULL)
		err(1, "malloc");
	memset(data, 'x', (size_t)size);
	if (mkdir(argv[2], 0755) == -1)
		err(1, "%s", argv[2]);
	if ((dfd = open(argv[2], O_RDONLY | O_DIRECTORY)) == -1)
		err(1, "%s", argv[2]);
	t0 = now();
	for (start = 0; start < n; start += batch) {
		for (i = start; i < n && i < start + batch; i++) {
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
		for (i = start; i < n && i < start + batch; i++) {
			names(i, tmp, name);
			if (renameat(dfd, tmp, dfd, name) == -1)
				err(1, "rename %s", name);
		}
		if (fsync(dfd) == -1)
			err(1, "fsync");
	}
	printf("%.3f\n", now() - t0);
	free(data);
	close(dfd);
	return 0;
}
