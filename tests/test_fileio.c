/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "fileio.h"
#include "tmpdir.h"

/* Whole-file reads with a cap, and atomic replacement, on a real folder. */

/* The number of entries in the folder, dot files included. */
static int
count_entries(void)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	assert_non_null(d = opendir(tmpdir));
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return n;
}

static void
file_write_atomic__replace__new_content_no_temp(void **state)
{
	struct buf	 b;
	char		*cause = NULL;
	int		 dfd;

	assert_int_equal(file_write_atomic(tmpdir, "f", "old\n", 4, &cause), 0);
	assert_int_equal(file_write_atomic(tmpdir, "f", "new!\n", 5, &cause),
	    0);
	assert_int_equal(count_entries(), 1);
	assert_true((dfd = open(tmpdir, O_RDONLY | O_DIRECTORY)) != -1);
	buf_init(&b, 100);
	assert_int_equal(file_read_at(dfd, "f", &b, &cause), 0);
	assert_string_equal(b.data, "new!\n");
	close(dfd);
	buf_free(&b);
}

static void
file_write_atomic__missing_folder__error_names_path(void **state)
{
	char	*cause = NULL, dir[128];

	snprintf(dir, sizeof dir, "%s/nope", tmpdir);
	assert_int_equal(file_write_atomic(dir, "f", "x", 1, &cause), -1);
	assert_non_null(strstr(cause, dir));
	assert_non_null(strstr(cause, "No such file"));
	free(cause);
	assert_int_equal(count_entries(), 0);
}

static void
file_read_at__over_cap__refused(void **state)
{
	struct buf	 b;
	char		*cause = NULL;
	char		 path[128];

	assert_int_equal(file_write_atomic(tmpdir, "big", "0123456789", 10,
	    &cause), 0);
	snprintf(path, sizeof path, "%s/big", tmpdir);
	buf_init(&b, 9);
	assert_int_equal(file_read_at(AT_FDCWD, path, &b, &cause), -1);
	assert_string_equal(cause, "larger than 9 bytes");
	free(cause);
	buf_free(&b);
	buf_init(&b, 10);
	assert_int_equal(file_read_at(AT_FDCWD, path, &b, &cause), 0);
	assert_int_equal(b.len, 10);
	buf_free(&b);
}

static void
file_read_at__fifo_and_folder__refused_without_hanging(void **state)
{
	struct buf	 b;
	char		*cause = NULL;
	char		 path[128];

	snprintf(path, sizeof path, "%s/fifo", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	buf_init(&b, 100);
	assert_int_equal(file_read_at(AT_FDCWD, path, &b, &cause), -1);
	assert_string_equal(cause, "not a regular file");
	free(cause);
	assert_int_equal(file_read_at(AT_FDCWD, tmpdir, &b, &cause), -1);
	assert_string_equal(cause, "not a regular file");
	free(cause);
	snprintf(path, sizeof path, "%s/missing", tmpdir);
	assert_int_equal(file_read_at(AT_FDCWD, path, &b, &cause), -1);
	assert_string_equal(cause, "No such file or directory");
	free(cause);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test_setup_teardown(
		    file_write_atomic__replace__new_content_no_temp,
		    tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(
		    file_write_atomic__missing_folder__error_names_path,
		    tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(file_read_at__over_cap__refused,
		    tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(
		    file_read_at__fifo_and_folder__refused_without_hanging,
		    tmpdir_setup, tmpdir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
