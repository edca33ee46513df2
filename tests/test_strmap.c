/* SPDX-License-Identifier: ISC */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "strmap.h"

/*
 * The map against the plainest model, an array indexed by number: random
 * puts, replacements and deletions (whose backward shifts must keep every
 * other key findable), checked after every step on every key.
 */

#define KEYS 600

static void
strmap__random_ops__agree_with_an_array(void **state)
{
	static char	 names[KEYS][16];
	static void	*model[KEYS];
	struct strmap	 m = { NULL, 0, 0 };
	size_t		 i, k, n = 0, step;

	srandom(7);
	for (i = 0; i < KEYS; i++)
		snprintf(names[i], sizeof names[i], "source-%zu", i);
	for (step = 0; step < 20000; step++) {
		k = (size_t)random() % KEYS;
		if (random() % 3 == 0) {
			n -= model[k] != NULL;
			model[k] = NULL;
			strmap_del(&m, names[k]);
		} else {
			n += model[k] == NULL;
			model[k] = (void *)(uintptr_t)(step + 1);
			strmap_put(&m, names[k], model[k]);
		}
		if (step % 97 != 0)
			continue;
		assert_int_equal(m.n, n);
		for (i = 0; i < KEYS; i++)
			assert_ptr_equal(strmap_get(&m, names[i]), model[i]);
	}
	assert_null(strmap_get(&m, "not-a-key"));
	strmap_free(&m);
	assert_null(strmap_get(&m, names[0]));
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(strmap__random_ops__agree_with_an_array),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
