/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/*
 * libFuzzer: any string as a date.  The oracle: a date that is read writes
 * out as RFC 3339 that reads back to the same instant, on a real day.
 */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s, out[DATE_RFC3339_SIZE];
	int64_t	 t, again;

	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (date_parse(s, &t) == 0) {
		date_rfc3339(t, out);
		if (date_parse(out, &again) == -1 || again != t)
			abort();
		if (date_yyyymmdd(t) == 0)
			abort();
	}
	free(s);
	return 0;
}
