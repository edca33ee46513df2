/* SPDX-License-Identifier: ISC */
/*
 * json: a JSON document (RFC 8259) read into a tree, for JSON Feed.
 * Strings are UTF-8 with their escapes decoded (a lone surrogate or a
 * byte that is not UTF-8 becomes U+FFFD); nesting is bounded.  Pure.
 */
#ifndef FEEDD_JSON_H
#define FEEDD_JSON_H

#include <stddef.h>

#define JSON_DEPTH_MAX 64	/* deeper nesting is an error */

enum json_type {
	JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING,
	JSON_ARRAY, JSON_OBJECT
};

struct json {
	enum json_type	 type;
	char		*str;	/* STRING: its text; NUMBER: as written */
	size_t		 n;	/* ARRAY, OBJECT: how many */
	struct json	*kids;	/* ARRAY, OBJECT: owned, n of them */
	char		**keys;	/* OBJECT: owned, n of them */
};

/*
 * Parse doc; 0 with *out filled (free it with json_free), or -1 with
 * *cause (the caller frees it) naming the line and what is wrong.
 */
int		 json_parse(const char *doc, size_t len, struct json *out,
		     char **cause);
void		 json_free(struct json *);
/* Member key of an object, or NULL (also when o is not an object). */
const struct json *json_get(const struct json *o, const char *key);
/* A string member's text, or NULL when it is absent or not a string. */
const char	*json_str(const struct json *o, const char *key);

#endif
