/* SPDX-License-Identifier: ISC */
/*
 * conf: feedd.conf(5), read with libinih: the table of keys, their
 * defaults and their checks.  Every error names the file and the line.
 */
#ifndef FEEDD_CONF_H
#define FEEDD_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "filter.h"
#include "strmap.h"

/* sysconfdir/feedd.conf, from configure (the build defines it). */
#ifndef CONF_PATH
#define CONF_PATH	"/etc/feedd.conf"
#endif
/* The longest source name or tag. */
#define CONF_NAME_MAX	255
/* The largest configuration file read. */
#define CONF_FILE_MAX	((size_t)64 << 20)

struct conf_source {
	char		*name;		/* unique, [A-Za-z0-9._-]+ */
	char		*url;		/* http or https */
	int64_t		 interval;	/* seconds */
	char		*user_agent;	/* or NULL: the global one */
	int64_t		 fulltext;	/* fetch each new item's page */
	int64_t		 keep;		/* articles kept, or 0: [feedd]'s */
	char		*tags;		/* "a,b", or NULL */
	int64_t		 enabled;	/* no: kept, never fetched */
	char		*username;	/* HTTP basic authentication */
	char		*password;	/* from password_file, or NULL */
	char		*headers;	/* from headers_file: lines, or NULL */
	struct filter	 filters;	/* keep_if, drop_if */
	int		 line;		/* where its section starts */
	int		 url_error;	/* its url line was wrong (read only) */
};

struct conf {
	char			*path;
	/* [feedd] */
	char			*state_dir;
	int64_t			 interval;	/* seconds */
	int64_t			 max_parallel;
	int64_t			 max_per_host;
	int64_t			 timeout;	/* seconds */
	int64_t			 max_size;	/* bytes */
	int64_t			 keep;		/* articles of each source */
	int64_t			 max_items;	/* read of a document */
	char			*user_agent;
	char			*ca_file;	/* or NULL: the system's CAs */
	struct filter		 filters;	/* keep_if, drop_if: for all */
	/* [feed] */
	char			*feed_title;
	int64_t			 feed_entries;
	int64_t			 failure_entry_after;	/* seconds; 0: off */
	char			*feed_id;	/* or NULL */
	char			*feed_self;	/* or NULL */
	char			*listen;	/* HOST:PORT, or NULL: off */
	/* [source "NAME"] */
	struct conf_source	*sources;
	size_t			 nsources, capsources;
	struct strmap		 byname;	/* name to its place, + 1 */
};

/*
 * Read and check path.  NULL with *cause (every error, "FILE:LINE:
 * message" a line each; the caller frees it) when there is any.
 */
struct conf	*conf_load(const char *path, char **cause);
void		 conf_free(struct conf *);
/*
 * listen's ADDRESS:PORT ("127.0.0.1:8765", "[::1]:8765") into *ss; -1
 * with *why (the caller frees it) when it is not one.
 */
struct sockaddr_storage;
int		 conf_listen_addr(const char *listen,
		     struct sockaddr_storage *ss, char **why);
/* Say each line of conf_load's errors with say (log_errx, log_warnx). */
void		 conf_say_errors(const char *errors,
		     void (*say)(const char *, ...));
/*
 * c, read again on SIGHUP, takes old's place: what cannot change while
 * running (state_dir, listen) is said, and state_dir stays old's; a file
 * with no source after one with sources is said too.
 */
void		 conf_reloaded(const struct conf *old, struct conf *c);
/* How many sources are enabled (those of enabled = no are not). */
size_t		 conf_enabled(const struct conf *);
/* The source named name, or NULL. */
const struct conf_source *conf_source(const struct conf *, const char *name);
/* Read "30s", "15m", "2h", "1d" (or plain seconds); -1 if not one. */
int64_t		 conf_duration(const char *);
/* Read "512", "64K", "10M", "1G" (bytes); -1 if not one. */
int64_t		 conf_size(const char *);

#endif
