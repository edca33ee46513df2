#!/bin/sh
# SPDX-License-Identifier: ISC
# The daemon's HTTP face, and real feed readers subscribed to it:
# python3-feedparser and newsboat (-x reload) show what the article files
# hold.  Also: ETag and Last-Modified with 304, gzip, HEAD, one article,
# /health (and 503 when every source fails), /metrics, 404 for the rest
# and for any path that tries to leave the collection, 405 for POST.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need curl python3 xmllint
py=$(python_with_feedparser)

start_server
cp "$data/parse/rss20.xml" "$data/parse/atom10.xml" "$tmp/doc/"
hp=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
listen=127.0.0.1:$hp
feedd_conf "gazette=$base/feed/rss20.xml" "blog=$base/feed/atom10.xml"
rm -f "$tmp/log"	# a match of the last run's log is no start
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
trap 'kill -9 $pid $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
u=http://$listen
i=0
until [ "$(curl -s "$u/feed.atom" | grep -c '<entry>')" -eq 6 ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "no feed with 6 entries: $(cat "$tmp/log")"
	sleep 0.05
done
a=$tmp/state/articles

# The feed: the same bytes as feed.atom, with validators.
curl -s -D "$tmp/h" -o "$tmp/feed.atom" "$u/feed.atom"
cmp -s "$tmp/feed.atom" "$tmp/state/feed.atom" || fail "served != feed.atom"
grep -qi '^content-type: application/atom+xml; charset=utf-8' "$tmp/h" ||
    fail "type: $(cat "$tmp/h")"
etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\(.*\)\r$/\1/p' "$tmp/h")
lm=$(sed -n 's/^[Ll]ast-[Mm]odified: *\(.*\)\r$/\1/p' "$tmp/h")
[ -n "$etag" ] && [ -n "$lm" ] || fail "no validators: $(cat "$tmp/h")"
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code -H "If-None-Match: $etag" "$u/feed.atom")" = 304 ] || fail "ETag: not 304"
[ "$(code -H "If-Modified-Since: $lm" "$u/feed.atom")" = 304 ] || fail "IMS: not 304"
[ "$(code -H 'If-None-Match: "other"' "$u/feed.atom")" = 200 ] || fail "other ETag"

# Connections are kept (a second request on each is answered), and a
# reverse proxy on 127.0.0.1 may hold more of them than the 32 that one
# other address may: 48 at once, each asking twice.
python3 - "$hp" "$etag" <<'EOF2' || fail "keep-alive from 127.0.0.1"
import socket, sys
port, etag = int(sys.argv[1]), sys.argv[2]
req = ("GET /feed.atom HTTP/1.1\r\nHost: x\r\nIf-None-Match: %s\r\n\r\n"
       % etag).encode()
def answer(s):
    got = b""
    while b"\r\n\r\n" not in got:
        chunk = s.recv(4096)
        if not chunk:
            sys.exit("closed after %r" % got[:40])
        got += chunk
    if not got.startswith(b"HTTP/1.1 304"):
        sys.exit("not a 304: %r" % got[:40])
socks = [socket.create_connection(("127.0.0.1", port), timeout=5)
         for _ in range(48)]
for _ in range(2):
    for s in socks:
        s.sendall(req)
    for s in socks:
        answer(s)
EOF2
curl -s -D "$tmp/h" --compressed -o "$tmp/gz.atom" "$u/feed.atom"
grep -qi '^content-encoding: gzip' "$tmp/h" || fail "no gzip: $(cat "$tmp/h")"
cmp -s "$tmp/gz.atom" "$tmp/state/feed.atom" || fail "gzip body differs"
curl -s -I "$u/feed.atom" > "$tmp/h"
grep -q '^HTTP/1.1 200' "$tmp/h" || fail "HEAD: $(cat "$tmp/h")"

# One article; nothing outside the collection, whatever the path.
name=$(ls "$a" | head -n 1)
curl -s -D "$tmp/h" -o "$tmp/art" "$u/articles/$name"
cmp -s "$tmp/art" "$a/$name" || fail "article differs"
grep -qi '^content-type: text/plain; charset=utf-8' "$tmp/h" || fail "article type"
for p in /articles/../state /articles/..%2Fstate /articles/%2e%2e/state \
    /articles/..%2f..%2f..%2fetc%2fpasswd "/articles/$name%00" \
    "/articles/$name/" /articles/ /etc/passwd /state /feed.atom/x //x; do
	c=$(code --path-as-is "$u$p")
	[ "$c" = 404 ] || fail "$p: $c"
done
[ "$(code -X POST "$u/feed.atom")" = 405 ] || fail "POST"

# Health and metrics.
curl -s -o "$tmp/health" -w '%{http_code}' "$u/health" | grep -qx 200 || fail "health"
grep -q '^ok: 2 sources, 0 failing, 6 articles' "$tmp/health" || fail "$(cat "$tmp/health")"
curl -s "$u/metrics" > "$tmp/metrics"
grep -q '^feedd_fetches_total{result="ok"} 2$' "$tmp/metrics" || fail "$(cat "$tmp/metrics")"
grep -q '^feedd_articles_written_total 6$' "$tmp/metrics" || fail "written"
grep -q '^feedd_articles 6$' "$tmp/metrics" || fail "articles gauge"
grep -q '^feedd_bytes_fetched_total [1-9]' "$tmp/metrics" || fail "bytes"
grep -q '^feedd_sources_failing 0$' "$tmp/metrics" || fail "failing"
grep -q '^feedd_source_last_success_timestamp_seconds{source="gazette"} [1-9]' \
    "$tmp/metrics" || fail "last success"
grep -v '^#' "$tmp/metrics" | grep -v '^feedd_' && fail "a series not named feedd_*"
# The timers' lateness: a histogram whose buckets add up, one count per
# timer fired (at least one per source), none of them left out.
awk '/^feedd_timer_lateness_seconds_bucket/ {
	if ($2 + 0 < last) bad = 1; last = $2 + 0; n++; inf = $2 + 0 }
/^feedd_timer_lateness_seconds_count/ { count = $2 + 0 }
/^feedd_timer_lateness_max_seconds/ { max = $2 + 0 }
END { exit !(n == 11 && !bad && inf == count && count >= 2 && max >= 0) }' \
    "$tmp/metrics" || fail "lateness: $(grep lateness "$tmp/metrics")"

# Readers: feedparser, and newsboat in its non-interactive mode.
"$py" "$top_srcdir/tests/feedparser-check.py" "$u/feed.atom" --dir "$a" \
    > "$tmp/fp" || fail "feedparser"
if command -v newsboat > /dev/null; then
	mkdir -p "$tmp/nb"
	echo "$u/feed.atom" > "$tmp/nb/urls"
	: > "$tmp/nb/config"
	HOME=$tmp/nb newsboat -x reload -u "$tmp/nb/urls" -C "$tmp/nb/config" \
	    -c "$tmp/nb/cache.db" > /dev/null 2>&1 || fail "newsboat failed"
	python3 - "$tmp/nb/cache.db" "$a" <<'PY' || fail "newsboat shows other items"
import os, sqlite3, sys
rows = set(sqlite3.connect(sys.argv[1]).execute("select title, url from rss_item"))
want = set()
for n in os.listdir(sys.argv[2]):
    if n.startswith("."):
        continue
    lines = open(os.path.join(sys.argv[2], n), encoding="utf-8").read().split("\n")
    want.add((lines[0], lines[2]))
if rows != want:
    sys.exit("newsboat: %r\nfiles: %r" % (sorted(rows), sorted(want)))
print("newsboat: %d items, as the files" % len(rows))
PY
elif [ "${FEEDD_REQUIRE_ALL:-0}" = 1 ]; then
	fail "newsboat is missing"
fi

# Every source failing: /health says 503.
kill -TERM $pid
wait $pid || true
feedd_conf "x=$base/status/500/0"
rm -rf "$tmp/state"
rm -f "$tmp/log"	# a match of the last run's log is no start
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
i=0
until [ "$(code "$u/health")" = 503 ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "health never 503: $(cat "$tmp/log")"
	sleep 0.05
done
exit 0
