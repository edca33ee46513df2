#!/bin/sh
# SPDX-License-Identifier: ISC
# A source failing for longer than failure_entry_after gets one entry in
# feed.atom saying so (which source, since when, the last error, what to
# do), so that subscribers learn of a dead feed in their reader; a new
# entry replaces it when the error changes, and it goes when the source
# works again.  "Failing since" is kept in the state across runs.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need python3

start_server
cp "$data/parse/rss20.xml" "$tmp/doc/"
feedd_conf "gazette=$base/feed/rss20.xml" "dead=$base/feed/dead.xml"
sed -i 's/^\[feed\]$/[feed]\nfailure_entry_after = 1s/' "$tmp/feedd.conf"
f=$tmp/state/feed.atom
run() { "$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err" || true; }
notice_ids() { grep -A1 '<entry>' "$f" | grep -o 'urn:uuid:[^<]*' > "$tmp/ids.all"
	grep -B2 '<title>feedd: dead has been failing since' "$f" | grep -o 'urn:uuid:[^<]*' || true; }

run
grep -q 'has been failing' "$f" && fail "a notice at once"
since=$(state_field dead 11)
[ "$since" -gt 0 ] || fail "no fail_since in the state: $(cat "$tmp/state/state")"
sleep 1.2
run
[ "$(state_field dead 11)" = "$since" ] || fail "fail_since moved"
grep -q '<title>feedd: dead has been failing since ' "$f" || fail "no notice: $(cat "$f")"
grep -q 'The last error: HTTP 404' "$f" || fail "the error: $(cat "$f")"
grep -q 'feedd --explain dead' "$f" || fail "what to do"
[ "$(grep -c 'has been failing' "$f")" -eq 1 ] || fail "one notice"
id1=$(notice_ids)
[ -n "$id1" ] || fail "notice id"
# The error changes: a new notice in its place.
echo 'not a feed' > "$tmp/doc/dead.xml"
run
id2=$(notice_ids)
[ -n "$id2" ] && [ "$id2" != "$id1" ] || fail "the notice was not replaced: $id1 $id2"
[ "$(grep -c 'has been failing' "$f")" -eq 1 ] || fail "one notice after the change"
# Well again: it goes.
cp "$data/parse/atom10.xml" "$tmp/doc/dead.xml"
run
grep -q 'has been failing' "$f" && fail "the notice stayed"
[ "$(state_field dead 11)" = 0 ] || fail "fail_since kept after a success"
# Off: never.
echo 'junk' > "$tmp/doc/dead.xml"
sed -i 's/^failure_entry_after = 1s$/failure_entry_after = off/' "$tmp/feedd.conf"
run
sleep 1.2
run
grep -q 'has been failing' "$f" && fail "a notice with failure_entry_after = off"
exit 0
