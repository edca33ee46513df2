/* SPDX-License-Identifier: ISC */
/*
 * filter: keep_if and drop_if rules (feedd.conf(5)), POSIX extended
 * regular expressions matched against an item's title, body, URL or
 * authors, case-insensitive unless a rule says "case".  Pure.
 *
 *	keep_if = title: linux|bsd
 *	drop_if = case body: SPONSORED
 */
#ifndef FEEDD_FILTER_H
#define FEEDD_FILTER_H

#include <regex.h>
#include <stddef.h>

struct normalized;

enum filter_field {
	FILTER_TITLE,
	FILTER_BODY,		/* every paragraph */
	FILTER_URL,
	FILTER_AUTHOR,		/* each author's name and address */
	FILTER_ANY		/* any of them */
};

struct filter_rule {
	int			 keep;		/* keep_if, else drop_if */
	enum filter_field	 field;
	regex_t			 re;
	char			*text;		/* as written */
};

/* The rules of a source, or of [feedd] (for every source). */
struct filter {
	struct filter_rule	*v;
	size_t			 n;
};

/*
 * Add the rule spec ("[case] FIELD: REGEX") of kind keep (keep_if) or
 * not (drop_if).  -1 with *cause (the caller frees it) when it is not one,
 * the regular expression's own error included.
 */
int	filter_add(struct filter *, int keep, const char *spec, char **cause);
void	filter_free(struct filter *);

/*
 * What the rules of all (every source's, or NULL) and own (the source's,
 * or NULL) make of n: 1 kept, 0 dropped.  When there is a keep_if rule, an
 * item is kept only if one matches; then it is dropped if a drop_if rule
 * matches.  *why gets the rule that decided (NULL: no rule, or kept by no
 * keep_if).
 */
int	filter_item(const struct filter *all, const struct filter *own,
	    const struct normalized *n, const struct filter_rule **why);

#endif
