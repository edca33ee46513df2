#!/bin/sh
# SPDX-License-Identifier: ISC
# Under systemd (Type=notify): READY=1 once the loop runs, STATUS= with a
# summary, WATCHDOG=1 at half of WatchdogSec, RELOADING=1 and READY=1 on
# SIGHUP, STOPPING=1 on SIGTERM.  NOTIFY_SOCKET is a socket of the test's.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need python3
"$bin/feedd" --version > /dev/null
grep -q 'define HAVE_LIBSYSTEMD 1' "$top_builddir/config.h" ||
    skip "built without libsystemd"

start_server
cp "$data/parse/rss20.xml" "$tmp/doc/"
feedd_conf "a=$base/feed/rss20.xml"
python3 - "$tmp/notify.sock" "$tmp/notes" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(15)
with open(sys.argv[2], "w") as out:
    try:
        while True:
            out.write(s.recv(4096).decode() + "\n---\n")
            out.flush()
    except socket.timeout:
        pass
PY
listener=$!
i=0
while [ ! -S "$tmp/notify.sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
rm -f "$tmp/log"	# a match of the last run's log is no start
NOTIFY_SOCKET=$tmp/notify.sock WATCHDOG_USEC=400000 \
    "$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
trap 'kill -9 $pid $server $listener 2>/dev/null; rm -rf "$tmp"' EXIT
sleep 1.5
kill -HUP $pid
sleep 0.5
kill -TERM $pid
wait $pid || fail "exit $?: $(cat "$tmp/log")"
sleep 0.2
kill $listener 2>/dev/null || true
grep -qx 'READY=1' "$tmp/notes" || fail "no READY=1: $(cat "$tmp/notes")"
grep -q '^STATUS=1 sources (0 failing), 3 articles$' "$tmp/notes" ||
    fail "no STATUS: $(cat "$tmp/notes")"
[ "$(grep -c '^WATCHDOG=1$' "$tmp/notes")" -ge 4 ] ||
    fail "watchdog: $(grep -c WATCHDOG "$tmp/notes") pings in 2 s"
grep -qx 'RELOADING=1' "$tmp/notes" || fail "no RELOADING=1"
[ "$(grep -cx 'READY=1' "$tmp/notes")" -ge 2 ] || fail "no READY=1 after reload"
grep -qx 'STOPPING=1' "$tmp/notes" || fail "no STOPPING=1"
exit 0
