#!/bin/sh
# SPDX-License-Identifier: ISC
# Damaged files stop nothing and lose no article.  A state file that is
# cut off, not a state file, or over the size cap is named, moved aside
# and replaced by a fresh state; a configuration that is not a regular
# file (a folder, /dev/zero) is an error at once, and SIGHUP with one
# keeps the running configuration and every source's state.  Two feedd
# never share one state_dir.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need timeout

start_server
cp "$data/parse/rss20.xml" "$data/parse/atom10.xml" "$tmp/doc/"
feedd_conf "a=$base/feed/rss20.xml" "b=$base/feed/atom10.xml"
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/log" ||
    fail "first run: $(cat "$tmp/log")"
n0=$(ls "$tmp/state/articles" | grep -c '\.txt$')

# damaged WHAT: each damage, then a run that starts and keeps everything.
damaged() {
	rm -f "$tmp/state"/state.broken-*
	"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/log" ||
	    fail "$1: the run failed: $(cat "$tmp/log")"
	grep -q "$tmp/state/state.*damaged: moved aside to $tmp/state/state.broken-" \
	    "$tmp/log" || fail "$1: not said: $(cat "$tmp/log")"
	ls "$tmp/state"/state.broken-* > /dev/null 2>&1 ||
	    fail "$1: not moved aside"
	[ "$(ls "$tmp/state/articles" | grep -c '\.txt$')" -eq "$n0" ] ||
	    fail "$1: articles changed"
	grep -q "^a	" "$tmp/state/state" || fail "$1: no fresh state"
}
# Cut off in the middle of a line.
head -c "$(($(wc -c < "$tmp/state/state") - 5))" "$tmp/state/state" > "$tmp/cut"
cp "$tmp/cut" "$tmp/state/state"
damaged "a cut-off state"
grep -q "state:[0-9]*: cut off" "$tmp/log" || fail "no line: $(cat "$tmp/log")"
echo 'not a state' > "$tmp/state/state"
damaged "a foreign file"
truncate -s 65M "$tmp/state/state"
damaged "a state over the cap"
grep -q "larger than" "$tmp/log" || fail "no cap: $(cat "$tmp/log")"

# A configuration that is not a regular file.
mkdir "$tmp/confdir"
if "$bin/feedd" --check -c "$tmp/confdir" > "$tmp/out" 2>&1; then
	fail "a folder as the configuration: $(cat "$tmp/out")"
fi
grep -q "$tmp/confdir: not a regular file" "$tmp/out" || fail "folder: $(cat "$tmp/out")"
rc=0
timeout 5 "$bin/feedd" --check -c /dev/zero > "$tmp/out" 2>&1 || rc=$?
[ $rc -ne 124 ] || fail "-c /dev/zero hangs"
[ $rc -ne 0 ] || fail "-c /dev/zero accepted"
grep -q "/dev/zero: not a regular file" "$tmp/out" || fail "/dev/zero: $(cat "$tmp/out")"

# SIGHUP when feedd.conf became a folder: nothing is removed.
rm -f "$tmp/log"	# a match of the last run's log is no start
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
trap 'kill -9 $pid $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
i=0
until grep -q "started: 2 sources" "$tmp/log"; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "no start"; sleep 0.05
done
mv "$tmp/feedd.conf" "$tmp/feedd.conf.real"
mkdir "$tmp/feedd.conf"
kill -HUP $pid
i=0
until grep -q "the running configuration is kept" "$tmp/log"; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "reload: $(cat "$tmp/log")"; sleep 0.05
done
kill -TERM $pid
wait $pid || true
grep -q "removed" "$tmp/log" && fail "sources removed: $(cat "$tmp/log")"
grep -q "^a	" "$tmp/state/state" && grep -q "^b	" "$tmp/state/state" ||
    fail "state lost: $(cat "$tmp/state/state")"
# articles/ removed while the daemon runs: made anew, and filled again.
rmdir "$tmp/feedd.conf"
mv "$tmp/feedd.conf.real" "$tmp/feedd.conf"
rm -f "$tmp/log"	# a match of the last run's log is no start
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
i=0
until grep -q "started: 2 sources" "$tmp/log"; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "no start"; sleep 0.05
done
rm -rf "$tmp/state/articles"
count() { ls "$tmp/state/articles" 2>/dev/null | grep -c '\.txt$' || true; }
i=0
until [ "$(count)" -eq "$n0" ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "articles/ not filled again ($(count) of $n0): $(cat "$tmp/log")"
	sleep 0.05
done
grep -q "articles was removed or replaced: made anew" "$tmp/log" ||
    fail "not said: $(cat "$tmp/log")"
kill -TERM $pid
wait $pid || true

# Emptied while stopped: the validators vouch for nothing, so the next
# run fetches in full.
rm -f "$tmp/state/articles"/*.txt "$tmp/state/articles/.index"
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/log" ||
    fail "after emptying: $(cat "$tmp/log")"
[ "$(count)" -eq "$n0" ] || fail "$(count) of $n0 after emptying articles/"

# One daemon per state: a second feedd on the same state_dir (a --once
# run beside the daemon) says which pid holds it and exits 1 before it
# opens anything of it.
rm -f "$tmp/log"	# a match of the last run's log is no start
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
i=0
until [ -s "$tmp/state/lock" ] && [ "$(cat "$tmp/state/lock")" = "$pid" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "no lock: $(cat "$tmp/log")"
	sleep 0.05
done
rc=0
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err" || rc=$?
[ $rc -eq 1 ] || fail "a second feedd: exit $rc: $(cat "$tmp/err")"
grep -q "$tmp/state is in use by another feedd (pid $pid)" "$tmp/err" ||
    fail "$(cat "$tmp/err")"
kill -TERM $pid
wait $pid || true
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err" ||
    fail "the lock outlived its daemon: $(cat "$tmp/err")"
exit 0
