/* SPDX-License-Identifier: ISC */
#include <string.h>

#include "conf.h"
#include "fetch.h"
#include "request.h"
#include "state.h"

void
request_build(struct fetch_request *req, const struct conf *c,
    const struct conf_source *cs, const struct source_state *st,
    const char *url)
{
	memset(req, 0, sizeof *req);
	if (url == NULL && st != NULL && st->url != NULL)
		url = st->url;
	if (url == NULL && cs != NULL)
		url = cs->url;
	req->url = url;
	if (st != NULL) {
		req->etag = st->etag;
		req->last_modified = st->last_modified;
	}
	req->user_agent = cs != NULL && cs->user_agent != NULL ?
	    cs->user_agent : c->user_agent != NULL ? c->user_agent :
	    REQUEST_USER_AGENT;
	req->ca_file = c->ca_file;
	if (cs != NULL) {
		req->username = cs->username;
		req->password = cs->password;
		req->headers = cs->headers;
	}
	req->timeout = c->timeout;
	req->max_size = c->max_size;
}
