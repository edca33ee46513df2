/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/*
 * Logging for the daemon and the tools alike: everything goes to stderr,
 * which systemd's journal captures, one line per event.
 */

static const char	*log_progname = "feedd";
static int		 log_level = LOG_LEVEL_INFO;
/* A line kept at the bottom of a terminal (--once's progress), or "". */
static char		 log_status_line[256];

static void	log_vline(const char *, const char *, const char *, va_list)
		    __attribute__((format(printf, 3, 0)));

static void
log_vline(const char *level, const char *errstr, const char *fmt, va_list ap)
{
	char	msg[4096];

	vsnprintf(msg, sizeof msg, fmt, ap);
	/* The status line goes, the log line takes its place, it comes back. */
	if (log_status_line[0] != '\0')
		fputs("\r\033[K", stderr);
	if (errstr != NULL)
		fprintf(stderr, "%s: %s: %s: %s\n", log_progname, level, msg,
		    errstr);
	else
		fprintf(stderr, "%s: %s: %s\n", log_progname, level, msg);
	if (log_status_line[0] != '\0')
		fputs(log_status_line, stderr);
}

/* Show line at the bottom of the terminal, under the log; NULL ends it. */
void
log_status(const char *line)
{
	if (line == NULL) {
		if (log_status_line[0] != '\0')
			fputc('\n', stderr);
		log_status_line[0] = '\0';
		return;
	}
	snprintf(log_status_line, sizeof log_status_line, "%s", line);
	fprintf(stderr, "\r\033[K%s", log_status_line);
	fflush(stderr);
}

/* Set the name that prefixes every line and the most verbose level shown. */
void
log_init(const char *progname, int level)
{
	log_progname = progname;
	log_level = level;
}

/* A warning with the text of errno appended. */
void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	char	*errstr = strerror(errno);

	va_start(ap, fmt);
	log_vline("warning", errstr, fmt, ap);
	va_end(ap);
}

/* An error that the caller answers (with an exit status, say). */
void
log_errx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vline("error", NULL, fmt, ap);
	va_end(ap);
}

/* A warning. */
void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vline("warning", NULL, fmt, ap);
	va_end(ap);
}

/* Something an admin wants to see at the default level. */
void
log_info(const char *fmt, ...)
{
	va_list	ap;

	if (log_level < LOG_LEVEL_INFO)
		return;
	va_start(ap, fmt);
	log_vline("info", NULL, fmt, ap);
	va_end(ap);
}

/* Detail for whoever is chasing a problem. */
void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (log_level < LOG_LEVEL_DEBUG)
		return;
	va_start(ap, fmt);
	log_vline("debug", NULL, fmt, ap);
	va_end(ap);
}

/* An error that ends the program, with the text of errno appended. */
void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	char	*errstr = strerror(errno);

	va_start(ap, fmt);
	log_vline("error", errstr, fmt, ap);
	va_end(ap);
	exit(1);
}

/* An error that ends the program. */
void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vline("error", NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
