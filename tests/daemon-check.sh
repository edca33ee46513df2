#!/bin/sh
# SPDX-License-Identifier: ISC
# feedd --check: the example configuration passes; errors name file and
# line, every one of them in one run; the daemon refuses to start on
# them, and says why it cannot listen.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

"$bin/feedd" --check -c "$top_srcdir/etc/feedd.conf" > "$tmp/out" ||
    fail "etc/feedd.conf: $(cat "$tmp/out")"
grep -q "feedd.conf: OK, 1 source" "$tmp/out" || fail "$(cat "$tmp/out")"
"$bin/feedd" --check -c "$top_srcdir/examples/feedd.conf" > "$tmp/out" ||
    fail "examples/feedd.conf: $(cat "$tmp/out")"
grep -q "feedd.conf: OK, 3 sources" "$tmp/out" || fail "$(cat "$tmp/out")"

printf '[feedd]\nstate_dir = /tmp/x\n\n[source "a"]\nurl = https://e.org/\ninterval = often\n' \
    > "$tmp/bad.conf"
for mode in --check --once ""; do
	if "$bin/feedd" $mode -c "$tmp/bad.conf" > /dev/null 2> "$tmp/err"; then
		fail "accepted with '$mode'"
	fi
	grep -qx "feedd: error: $tmp/bad.conf:6: interval: \"often\" is not a duration (30s, 15m, 2h, 1d)" \
	    "$tmp/err" || fail "$mode: $(cat "$tmp/err")"
done
if "$bin/feedd" --check -c "$tmp/missing.conf" 2> "$tmp/err"; then
	fail "a missing file accepted"
fi
grep -q "$tmp/missing.conf: No such file or directory" "$tmp/err" || fail "$(cat "$tmp/err")"
# Three mistakes, one run.
printf '[feedd]\nstate_dir = /tmp/x\nintervall = 5m\n[feed]\nlisten = localhost:1\n[source "a"]\nurl = ftp://e.org/\n' \
    > "$tmp/three.conf"
if "$bin/feedd" --check -c "$tmp/three.conf" 2> "$tmp/err"; then fail "accepted"; fi
[ "$(grep -c "^feedd: error: $tmp/three.conf:[0-9]*: " "$tmp/err")" -eq 3 ] ||
    fail "not every error: $(cat "$tmp/err")"
grep -q ':3: unknown key "intervall" in \[feedd\]; did you mean "interval"?$' "$tmp/err" ||
    fail "$(cat "$tmp/err")"
grep -q ':5: listen: "localhost" is not an IP address' "$tmp/err" || fail "$(cat "$tmp/err")"
grep -q ':7: url: "ftp://e.org/" is not an http or https URL$' "$tmp/err" || fail "$(cat "$tmp/err")"
# A port in use: the daemon says why it cannot serve.  The holder takes a
# port of its own and says which (a port found free and then taken could
# be taken by anyone in between); the daemon, should it serve after all,
# is stopped, not waited for.
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
print(s.getsockname()[1], flush=True); time.sleep(10)' > "$tmp/port" &
holder=$!
i=0
until [ -s "$tmp/port" ]; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "no port held"; sleep 0.05
done
port=$(cat "$tmp/port")
printf '[feedd]\nstate_dir = %s/busy\n[feed]\nlisten = 127.0.0.1:%s\n' "$tmp" "$port" > "$tmp/busy.conf"
if timeout 10 "$bin/feedd" -c "$tmp/busy.conf" 2> "$tmp/err"; then fail "served on a port in use"; fi
kill $holder 2>/dev/null || true
grep -q "listen: cannot serve on 127.0.0.1:$port: Address already in use" "$tmp/err" ||
    fail "$(cat "$tmp/err")"
exit 0
