/* SPDX-License-Identifier: ISC */
/*
 * explain: feedd --explain NAME: fetch one source now, as the daemon
 * would (its URL in use and validators from the state), and say what
 * happened: the request and response headers, the format, and for each
 * item its identity, date and where they came from, and whether it would
 * be new, updated or a duplicate, and what the filters make of it.
 * Writes nothing.
 */
#ifndef FEEDD_EXPLAIN_H
#define FEEDD_EXPLAIN_H

struct conf;

/*
 * force: without the saved validators (the body comes whole, never a
 * 304).  Returns the exit status: 0, or 1 when the fetch or the parse
 * failed.
 */
int	explain_run(const struct conf *c, const char *name, int force);

#endif
