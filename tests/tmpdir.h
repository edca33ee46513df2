/* SPDX-License-Identifier: ISC */
/*
 * tmpdir: a new empty folder for each cmocka test that asks for one
 * (cmocka_unit_test_setup_teardown(test, tmpdir_setup, tmpdir_teardown)),
 * removed with what the test left in it.
 */
#ifndef FEEDD_TESTS_TMPDIR_H
#define FEEDD_TESTS_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char	tmpdir[64];

static int
tmpdir_setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/feedd-test-XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
tmpdir_teardown(void **state)
{
	char	cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
