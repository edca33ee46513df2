#!/bin/sh
# SPDX-License-Identifier: ISC
# feedd --check: the example configuration passes; errors name file and
# line; the daemon refuses to start on them.
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
exit 0
