/* SPDX-License-Identifier: ISC */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "normalize.h"
#include "xmalloc.h"

/*
 * Rules are read once (feedd.conf) and matched on the event loop's thread
 * as each item is staged; the texts they see are the article's, so a rule
 * means the same whatever markup the feed had.
 */

static const struct {
	const char		*name;
	enum filter_field	 field;
} filter_fields[] = {
	{ "title", FILTER_TITLE },
	{ "body", FILTER_BODY },
	{ "url", FILTER_URL },
	{ "author", FILTER_AUTHOR },
	{ "any", FILTER_ANY },
};

int
filter_add(struct filter *f, int keep, const char *spec, char **cause)
{
	struct filter_rule	 r;
	const char		*p = spec, *colon;
	char			 msg[256];
	size_t			 i, len;
	int			 flags = REG_EXTENDED | REG_NOSUB | REG_ICASE, rv;

	memset(&r, 0, sizeof r);
	if (strncmp(p, "case ", 5) == 0) {
		flags &= ~REG_ICASE;
		p += 5;
		p += strspn(p, " \t");
	}
	if ((colon = strchr(p, ':')) == NULL) {
		*cause = xasprintf("\"%s\" is not FIELD: REGEX (title, body, "
		    "url, author or any)", spec);
		return -1;
	}
	len = (size_t)(colon - p);
	for (i = 0; i < sizeof filter_fields / sizeof filter_fields[0]; i++) {
		if (strlen(filter_fields[i].name) == len &&
		    strncmp(p, filter_fields[i].name, len) == 0)
			break;
	}
	if (i == sizeof filter_fields / sizeof filter_fields[0]) {
		*cause = xasprintf("\"%.*s\" is no field (title, body, url, "
		    "author or any)", (int)len, p);
		return -1;
	}
	r.field = filter_fields[i].field;
	p = colon + 1 + strspn(colon + 1, " \t");
	if (*p == '\0') {
		*cause = xasprintf("\"%s\": no regular expression", spec);
		return -1;
	}
	if ((rv = regcomp(&r.re, p, flags)) != 0) {
		regerror(rv, &r.re, msg, sizeof msg);
		*cause = xasprintf("\"%s\": %s", p, msg);
		return -1;
	}
	r.keep = keep;
	r.text = xstrdup(spec);
	f->v = xreallocarray(f->v, f->n + 1, sizeof *f->v);
	f->v[f->n++] = r;
	return 0;
}

void
filter_free(struct filter *f)
{
	size_t	i;

	for (i = 0; i < f->n; i++) {
		regfree(&f->v[i].re);
		free(f->v[i].text);
	}
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

static int
filter_text(const regex_t *re, const char *s)
{
	return s != NULL && regexec(re, s, 0, NULL, 0) == 0;
}

/* Whether rule r matches n's field. */
static int
filter_matches(const struct filter_rule *r, const struct normalized *n)
{
	const struct article	*a = &n->article;
	enum filter_field	 f = r->field;
	size_t			 i;

	if ((f == FILTER_TITLE || f == FILTER_ANY) &&
	    filter_text(&r->re, a->title))
		return 1;
	if ((f == FILTER_URL || f == FILTER_ANY) && filter_text(&r->re, a->url))
		return 1;
	for (i = 0; (f == FILTER_BODY || f == FILTER_ANY) && i < a->nbody;
	    i++) {
		if (filter_text(&r->re, a->body[i]))
			return 1;
	}
	for (i = 0; (f == FILTER_AUTHOR || f == FILTER_ANY) &&
	    i < n->nauthors; i++) {
		if (filter_text(&r->re, n->authors[i].name) ||
		    filter_text(&r->re, n->authors[i].email))
			return 1;
	}
	return 0;
}

/* The first rule of kind keep in all, then own, that matches n. */
static const struct filter_rule *
filter_first(const struct filter *all, const struct filter *own, int keep,
    const struct normalized *n, int *any)
{
	const struct filter	*fs[2] = { all, own };
	size_t			 k, i;

	*any = 0;
	for (k = 0; k < 2; k++) {
		for (i = 0; fs[k] != NULL && i < fs[k]->n; i++) {
			if (fs[k]->v[i].keep != keep)
				continue;
			*any = 1;
			if (filter_matches(&fs[k]->v[i], n))
				return &fs[k]->v[i];
		}
	}
	return NULL;
}

int
filter_item(const struct filter *all, const struct filter *own,
    const struct normalized *n, const struct filter_rule **why)
{
	const struct filter_rule	*kept, *dropped;
	int				 any;

	kept = filter_first(all, own, 1, n, &any);
	*why = kept;
	if (any && kept == NULL)
		return 0;
	if ((dropped = filter_first(all, own, 0, n, &any)) != NULL) {
		*why = dropped;
		return 0;
	}
	return 1;
}
