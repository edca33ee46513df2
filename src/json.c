/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "uri.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * A recursive descent over the whole document, which is in memory (a feed
 * is bounded by max_size before it gets here); the depth is bounded so
 * that a document of nested brackets cannot exhaust the stack.  The first
 * error ends the parse and is reported with its line.
 */

struct json_reader {
	const char	*s, *end;
	int		 depth;
	char		*error;
};

static int	jr_value(struct json_reader *, struct json *);
static void	jr_space(struct json_reader *);
static int	jr_fail(struct json_reader *, const char *);
static int	jr_string(struct json_reader *, char **);
static int	jr_hex4(struct json_reader *, uint32_t *);
static int	jr_escape(struct json_reader *, struct buf *);
static int	jr_number(struct json_reader *, struct json *);
static int	jr_literal(struct json_reader *, const char *, enum json_type,
		    struct json *);
static int	jr_array(struct json_reader *, struct json *);
static int	jr_object(struct json_reader *, struct json *);

static void
jr_space(struct json_reader *r)
{
	while (r->s < r->end && (*r->s == ' ' || *r->s == '\t' ||
	    *r->s == '\n' || *r->s == '\r'))
		r->s++;
}

/* Note the first error (json_parse adds its line). */
static int
jr_fail(struct json_reader *r, const char *what)
{
	if (r->error == NULL)
		r->error = xasprintf("%s", what);
	return -1;
}

/* Four hex digits of a \u escape. */
static int
jr_hex4(struct json_reader *r, uint32_t *v)
{
	int	i, d;

	*v = 0;
	if (r->end - r->s < 4)
		return jr_fail(r, "a \\u escape cut short");
	for (i = 0; i < 4; i++) {
		d = uri_hex_digit((unsigned char)r->s[i]);
		if (d < 0)
			return jr_fail(r, "a \\u escape that is not hex");
		*v = *v << 4 | (uint32_t)d;
	}
	r->s += 4;
	return 0;
}

/* One escape after its backslash, as UTF-8 into b. */
static int
jr_escape(struct json_reader *r, struct buf *b)
{
	static const char	from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char		*p;
	uint32_t		 cp, lo;
	char			 enc[4];

	if (r->s >= r->end)
		return jr_fail(r, "a string cut short");
	if ((p = strchr(from, *r->s)) != NULL && *r->s != '\0') {
		buf_addc(b, to[p - from]);
		r->s++;
		return 0;
	}
	if (*r->s++ != 'u')
		return jr_fail(r, "an unknown escape in a string");
	if (jr_hex4(r, &cp) == -1)
		return -1;
	if (cp >= 0xd800 && cp <= 0xdbff && r->end - r->s >= 6 &&
	    r->s[0] == '\\' && r->s[1] == 'u') {
		r->s += 2;
		if (jr_hex4(r, &lo) == -1)
			return -1;
		if (lo >= 0xdc00 && lo <= 0xdfff)
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		else {
			buf_add(b, enc, utf8_encode(UTF8_REPLACEMENT, enc));
			cp = lo >= 0xd800 && lo <= 0xdfff ? UTF8_REPLACEMENT : lo;
		}
	} else if (cp >= 0xd800 && cp <= 0xdfff)
		cp = UTF8_REPLACEMENT;		/* a lone surrogate */
	buf_add(b, enc, utf8_encode(cp, enc));
	return 0;
}

/* A string, at its opening quote; *out is owned by the caller. */
static int
jr_string(struct json_reader *r, char **out)
{
	struct buf	 b;
	const char	*run;
	uint32_t	 cp;
	size_t		 n;
	char		 enc[4];

	buf_init(&b, BUF_NOLIMIT);
	for (r->s++;;) {
		for (run = r->s; r->s < r->end && *r->s != '"' && *r->s != '\\' &&
		    (unsigned char)*r->s >= 0x20 && (unsigned char)*r->s < 0x80;
		    r->s++)
			;
		buf_add(&b, run, r->s - run);
		if (r->s >= r->end || (unsigned char)*r->s < 0x20) {
			buf_free(&b);
			return jr_fail(r, r->s >= r->end ? "a string cut short" :
			    "a control character inside a string");
		}
		if (*r->s == '"')
			break;
		if (*r->s == '\\') {
			r->s++;
			if (jr_escape(r, &b) == -1) {
				buf_free(&b);
				return -1;
			}
			continue;
		}
		if ((n = utf8_decode(r->s, r->end - r->s, &cp)) == 0) {
			cp = UTF8_REPLACEMENT;
			n = 1;
		}
		buf_add(&b, enc, utf8_encode(cp, enc));
		r->s += n;
	}
	r->s++;
	*out = buf_release(&b, NULL);
	return 0;
}

/* A number, kept as written (JSON Feed needs none as a value). */
static int
jr_number(struct json_reader *r, struct json *v)
{
	const char	*start = r->s;

	if (r->s < r->end && *r->s == '-')
		r->s++;
	if (r->s >= r->end || *r->s < '0' || *r->s > '9')
		return jr_fail(r, "a value that is not JSON");
	while (r->s < r->end && ((*r->s >= '0' && *r->s <= '9') ||
	    *r->s == '.' || *r->s == 'e' || *r->s == 'E' || *r->s == '+' ||
	    *r->s == '-'))
		r->s++;
	v->type = JSON_NUMBER;
	v->str = xstrndup(start, r->s - start);
	return 0;
}

static int
jr_literal(struct json_reader *r, const char *word, enum json_type type,
    struct json *v)
{
	size_t	len = strlen(word);

	if ((size_t)(r->end - r->s) < len || memcmp(r->s, word, len) != 0)
		return jr_fail(r, "a value that is not JSON");
	r->s += len;
	v->type = type;
	return 0;
}

static int
jr_array(struct json_reader *r, struct json *v)
{
	v->type = JSON_ARRAY;
	r->s++;
	jr_space(r);
	if (r->s < r->end && *r->s == ']') {
		r->s++;
		return 0;
	}
	for (;;) {
		v->kids = xreallocarray(v->kids, v->n + 1, sizeof *v->kids);
		memset(&v->kids[v->n], 0, sizeof v->kids[v->n]);
		if (jr_value(r, &v->kids[v->n++]) == -1)
			return -1;
		jr_space(r);
		if (r->s < r->end && *r->s == ',') {
			r->s++;
			continue;
		}
		if (r->s < r->end && *r->s == ']') {
			r->s++;
			return 0;
		}
		return jr_fail(r, r->s >= r->end ?
		    "the document is cut off in an array" :
		    "an array without its ',' or ']'");
	}
}

static int
jr_object(struct json_reader *r, struct json *v)
{
	v->type = JSON_OBJECT;
	r->s++;
	jr_space(r);
	if (r->s < r->end && *r->s == '}') {
		r->s++;
		return 0;
	}
	for (;;) {
		jr_space(r);
		if (r->s >= r->end)
			return jr_fail(r, "the document is cut off in an object");
		if (*r->s != '"')
			return jr_fail(r, "an object whose key is not a string");
		v->kids = xreallocarray(v->kids, v->n + 1, sizeof *v->kids);
		v->keys = xreallocarray(v->keys, v->n + 1, sizeof *v->keys);
		memset(&v->kids[v->n], 0, sizeof v->kids[v->n]);
		v->keys[v->n] = NULL;
		v->n++;
		if (jr_string(r, &v->keys[v->n - 1]) == -1)
			return -1;
		jr_space(r);
		if (r->s >= r->end || *r->s++ != ':')
			return jr_fail(r, "an object without ':' after a key");
		if (jr_value(r, &v->kids[v->n - 1]) == -1)
			return -1;
		jr_space(r);
		if (r->s < r->end && *r->s == ',') {
			r->s++;
			continue;
		}
		if (r->s < r->end && *r->s == '}') {
			r->s++;
			return 0;
		}
		return jr_fail(r, r->s >= r->end ?
		    "the document is cut off in an object" :
		    "an object without its ',' or '}'");
	}
}

static int
jr_value(struct json_reader *r, struct json *v)
{
	int	rv;

	jr_space(r);
	if (r->s >= r->end)
		return jr_fail(r, "the document ends where a value should be");
	if (++r->depth > JSON_DEPTH_MAX)
		return jr_fail(r, "nested deeper than 64");
	switch (*r->s) {
	case '{':
		rv = jr_object(r, v);
		break;
	case '[':
		rv = jr_array(r, v);
		break;
	case '"':
		v->type = JSON_STRING;
		rv = jr_string(r, &v->str);
		break;
	case 't':
		rv = jr_literal(r, "true", JSON_TRUE, v);
		break;
	case 'f':
		rv = jr_literal(r, "false", JSON_FALSE, v);
		break;
	case 'n':
		rv = jr_literal(r, "null", JSON_NULL, v);
		break;
	default:
		rv = jr_number(r, v);
		break;
	}
	r->depth--;
	return rv;
}

int
json_parse(const char *doc, size_t len, struct json *out, char **cause)
{
	struct json_reader	 r = { doc, doc + len, 0, NULL };
	const char		*p;
	int			 line = 1;

	memset(out, 0, sizeof *out);
	if (len >= 3 && memcmp(doc, "\xef\xbb\xbf", 3) == 0)
		r.s += 3;		/* a byte order mark */
	if (jr_value(&r, out) == 0) {
		jr_space(&r);
		if (r.s == r.end)
			return 0;
		jr_fail(&r, "more after the document's value");
	}
	for (p = doc; p < r.s && p < r.end; p++)
		line += *p == '\n';
	*cause = xasprintf("line %d: %s", line, r.error);
	free(r.error);
	json_free(out);
	return -1;
}

void
json_free(struct json *v)
{
	size_t	i;

	for (i = 0; i < v->n; i++) {
		json_free(&v->kids[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->kids);
	free(v->keys);
	free(v->str);
	memset(v, 0, sizeof *v);
}

const struct json *
json_get(const struct json *o, const char *key)
{
	size_t	i;

	if (o == NULL || o->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (o->keys[i] != NULL && strcmp(o->keys[i], key) == 0)
			return &o->kids[i];
	return NULL;
}

const char *
json_str(const struct json *o, const char *key)
{
	const struct json	*v = json_get(o, key);

	return v != NULL && v->type == JSON_STRING ? v->str : NULL;
}
