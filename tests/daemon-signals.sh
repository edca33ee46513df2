#!/bin/sh
# SPDX-License-Identifier: ISC
# The daemon under signals: SIGHUP adds and removes sources, a broken file
# leaves the running configuration as it was, SIGTERM stops it within a
# second.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need timeout

start_server
cp "$data/parse/rss20.xml" "$data/parse/atom10.xml" "$data/parse/rss10.xml" \
    "$tmp/doc/"
feedd_conf "a=$base/feed/rss20.xml" "b=$base/feed/atom10.xml"
rm -f "$tmp/log"	# a match of the last run's log is no start
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
trap 'kill -9 $pid $server 2>/dev/null || true; rm -rf "$tmp"' EXIT

# wait_for CMD...: up to 10 s for CMD to succeed.
wait_for() {
	i=0
	until "$@"; do
		i=$((i + 1))
		[ $i -lt 200 ] || return 1
		sleep 0.05
	done
}
has_articles() { [ "$(ls "$tmp/state/articles" 2>/dev/null | wc -l)" -eq "$1" ]; }
in_state() { grep -q "^$1	" "$tmp/state/state" 2>/dev/null; }

wait_for has_articles 6 || fail "first fetches: $(cat "$tmp/log")"
wait_for in_state b || fail "state not saved"

# Remove b, add c.
feedd_conf "a=$base/feed/rss20.xml" "c=$base/feed/rss10.xml"
kill -HUP $pid
wait_for has_articles 8 || fail "c not fetched: $(cat "$tmp/log")"
wait_for sh -c "! grep -q '^b	' '$tmp/state/state'" || fail "b still in the state"
grep -q "reloaded, 2 sources" "$tmp/log" || fail "no reload line"
grep -q "b: removed" "$tmp/log" || fail "no removed line"

# A broken file: said, and nothing changes.
printf '[feedd]\nbogus = 1\n' >> "$tmp/feedd.conf"
kill -HUP $pid
wait_for grep -q "the running configuration is kept" "$tmp/log" ||
    fail "broken reload: $(cat "$tmp/log")"
grep -q "$tmp/feedd.conf:[0-9]*: unknown key \"bogus\"" "$tmp/log" ||
    fail "no file:line: $(cat "$tmp/log")"
kill -0 $pid || fail "the daemon died"

# SIGTERM: gone within a second, with status 0.
t0=$(date +%s%N)
kill -TERM $pid
rc=0
wait $pid || rc=$?
t1=$(date +%s%N)
[ $rc -eq 0 ] || fail "exit $rc"
[ $(((t1 - t0) / 1000000)) -lt 1000 ] || fail "took $(((t1 - t0) / 1000000))ms"
xmllint --noout "$tmp/state/feed.atom" || fail "feed.atom"

# A restart keeps the saved times: nothing is fetched again at once.
feedd_conf "a=$base/feed/rss20.xml" "c=$base/feed/rss10.xml"
: > "$tmp/requests"
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log2" &
pid=$!
sleep 1.5
kill -TERM $pid
wait $pid || true
grep -q "started: 2 sources" "$tmp/log2" || fail "restart: $(cat "$tmp/log2")"
[ ! -s "$tmp/requests" ] || fail "a restart fetched: $(cat "$tmp/requests")"
# A relative -c, as a new user would type it: SIGHUP reads the same file
# (the daemon's working folder is never changed under it).
feedd_conf "a=$base/feed/rss20.xml"
(cd "$tmp" && exec "$bin/feedd" -c feedd.conf) 2> "$tmp/log3" &
pid=$!
wait_for grep -q "started: 1 sources" "$tmp/log3" ||
    fail "relative -c: $(cat "$tmp/log3")"
feedd_conf "a=$base/feed/rss20.xml" "c=$base/feed/rss10.xml"
kill -HUP $pid
wait_for grep -q "feedd.conf: reloaded, 2 sources" "$tmp/log3" ||
    fail "SIGHUP with a relative -c: $(cat "$tmp/log3")"
kill -TERM $pid
wait $pid || true
exit 0
