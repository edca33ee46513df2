#!/bin/sh
# SPDX-License-Identifier: ISC
# A full disk loses nothing.  state_dir is a 2 MB tmpfs (the test needs to
# mount one: root, as in CI; it skips with the reason elsewhere): 30 feeds
# of 20 items do not fit.  While writes fail, /health is 503 and says why,
# and the log says it once rather than at every retry; a fetch whose items
# were not all written keeps no validators, so once there is room the next
# fetch brings every item that was missing, and none twice.  Then the
# file system goes read-only under a running daemon while every item
# changes: the daemon says so, and once it is writable again it writes
# every change by itself, at the next fetch (interval = 1m), with no
# restart.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need curl python3 timeout

state=$tmp/state
mkdir -p "$state"
if ! mount -t tmpfs -o size=2m tmpfs "$state" 2> "$tmp/mount.err"; then
	skip "cannot mount a tmpfs here ($(cat "$tmp/mount.err")); needs root"
fi
start_server
# Nothing here may fail (set -e holds in a trap too): the daemon is gone
# before the tmpfs is, or umount says it is busy.
cleanup() {
	kill -9 $pid $server 2>/dev/null || true
	[ -z "$pid" ] || wait $pid 2>/dev/null || true
	umount "$state" 2>/dev/null || umount -l "$state" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
pid=

# 30 feeds of 20 items, each item with about 4 KB of text.
python3 - "$tmp/doc" <<'PY'
import sys
para = " ".join(["Words of a paragraph that fills the page."] * 12)
for f in range(30):
    items = []
    for i in range(20):
        body = "".join("<p>%s %d.%d.%d</p>" % (para, f, i, k) for k in range(8))
        items.append("<item><title>Feed %d item %d</title>"
                     "<link>https://example.org/%d/%d</link>"
                     "<guid>f%d-i%d</guid>"
                     "<pubDate>Mon, 02 Jan 2023 10:00:00 GMT</pubDate>"
                     "<description><![CDATA[%s]]></description></item>"
                     % (f, i, f, i, f, i, body))
    with open("%s/f%d.xml" % (sys.argv[1], f), "w") as fh:
        fh.write('<?xml version="1.0"?><rss version="2.0"><channel>'
                 "<title>Feed %d</title><link>https://example.org/</link>"
                 "%s</channel></rss>" % (f, "".join(items)))
PY
sources=
i=0
while [ $i -lt 30 ]; do
	sources="$sources s$i=$base/feed/f$i.xml"
	i=$((i + 1))
done
hp=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
listen=127.0.0.1:$hp
# shellcheck disable=SC2086
feedd_conf $sources

# The daemon on a full disk: /health says so.
rm -f "$tmp/log"	# a match of the last run's log is no start
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
i=0
until curl -s "http://$listen/health" > "$tmp/health" 2>/dev/null &&
    grep -q "cannot write articles" "$tmp/health"; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "no write fault in /health: $(cat "$tmp/health"; cat "$tmp/log")"
	sleep 0.05
done
code=$(curl -s -o /dev/null -w '%{http_code}' "http://$listen/health")
[ "$code" = 503 ] || fail "/health is $code while writes fail"
grep -q "No space left on device" "$tmp/health" ||
    fail "/health does not say why: $(cat "$tmp/health")"
curl -s "http://$listen/metrics" | grep -q 'feedd_write_failing{what="articles"} 1' ||
    fail "metrics: no write fault"
# Retries every half second are counted, not logged each time.
sleep 3
n=$(grep -c "cannot write" "$tmp/log" || true)
[ "$n" -le 3 ] || fail "$n lines for one fault: $(cat "$tmp/log")"
kill -TERM $pid
wait $pid || true
pid=
written=$(ls "$state/articles" | grep -c '\.txt$' || true)
[ "$written" -lt 600 ] || fail "the disk was not full: $written written"

# Room again: one round brings every missing item, and nothing twice.
mount -o remount,size=64m "$state" || fail "remount"
rc=0
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/log2" || rc=$?
[ $rc -eq 0 ] || fail "--once after the fault: exit $rc: $(cat "$tmp/log2")"
n=$(ls "$state/articles" | grep -c '\.txt$')
[ "$n" -eq 600 ] || fail "$n of 600 articles after the disk had room (before: $written): $(cat "$tmp/log2")"
head -q -n 1 "$state"/articles/*.txt > "$tmp/titles"
[ "$(grep -c '^Feed [0-9]* item [0-9]*$' "$tmp/titles")" -eq 600 ] ||
    fail "titles: not one per item"
dups=$(sort "$tmp/titles" | uniq -d | wc -l)
[ "$dups" -eq 0 ] || fail "$dups items written twice"

# Read-only: every item retitled; the daemon starts on the read-only file
# system, cannot write, says so; made writable, it catches up alone.
sed -i 's|<title>Feed \([0-9]*\) item \([0-9]*\)</title>|<title>Feed \1 item \2, v2</title>|g' \
    "$tmp"/doc/f*.xml
# Every source due now, as if its interval had passed.
awk -F '\t' 'BEGIN { OFS = "\t" } NR > 1 { $6 = 0 } { print }' \
    "$state/state" > "$tmp/state.new"
cat "$tmp/state.new" > "$state/state"
mount -o remount,ro "$state" || fail "remount ro"
extra='interval = 1m'
# shellcheck disable=SC2086
feedd_conf $sources
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log3" &
pid=$!
i=0
until curl -s "http://$listen/health" > "$tmp/health" 2>/dev/null &&
    grep -q "cannot write articles" "$tmp/health"; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "no read-only fault in /health: $(cat "$tmp/health"; cat "$tmp/log3")"
	sleep 0.05
done
grep -q "Read-only file system" "$tmp/health" ||
    fail "/health does not say why: $(cat "$tmp/health")"
mount -o remount,rw "$state" || fail "remount rw"
i=0
until [ "$(head -q -n 1 "$state"/articles/*.txt | grep -c ', v2$')" -eq 600 ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "not caught up after the fault: $(head -q -n 1 "$state"/articles/*.txt | grep -c ', v2$') of 600: $(cat "$tmp/log3")"
	sleep 0.5
done
[ "$(ls "$state/articles" | grep -c '\.txt$')" -eq 600 ] || fail "files after catching up"
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$listen/health")" = 200 ]; do
	i=$((i + 1))
	[ $i -lt 40 ] || fail "/health still failing: $(curl -s "http://$listen/health")"
	sleep 0.25
done
kill -TERM $pid
wait $pid || fail "the daemon's exit: $?"
pid=
exit 0
