/* SPDX-License-Identifier: ISC */
/* log: one line per event on stderr, with the program's name and a level. */
#ifndef FEEDD_LOG_H
#define FEEDD_LOG_H

#include <stdarg.h>

#define LOG_LEVEL_WARN	0
#define LOG_LEVEL_INFO	1
#define LOG_LEVEL_DEBUG	2

/* Set the name that prefixes every line and the most verbose level shown. */
void	log_init(const char *progname, int level);

/*
 * A status line kept under the log on a terminal (the caller knows it is
 * one): cleared before each log line and shown again after it.  NULL
 * ends it with a newline.
 */
void	log_status(const char *line);

void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_errx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
