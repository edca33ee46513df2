#!/bin/sh
# SPDX-License-Identifier: ISC
# A server that stalls is timed out while the other sources go on, and
# max_parallel and max_per_host hold (the test server logs each request).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

start_server
cp "$data/parse/rss20.xml" "$data/parse/atom10.xml" "$data/parse/rss10.xml" \
    "$tmp/doc/"
extra='timeout = 2s'
feedd_conf "slow=$base/stall" "a=$base/feed/rss20.xml" \
    "b=$base/feed/atom10.xml" "c=$base/feed/rss10.xml"
sed -i 's/^timeout = 3s$//' "$tmp/feedd.conf"
t0=$(date +%s)
if "$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err"; then
	fail "a stalled source and exit 0"
fi
t1=$(date +%s)
[ $((t1 - t0)) -le 6 ] || fail "took $((t1 - t0))s with timeout = 2s"
grep -q "slow: $base/stall: .*[Tt]imeout" "$tmp/err" ||
    grep -q "slow: $base/stall: .*timed out" "$tmp/err" ||
    fail "no timeout: $(cat "$tmp/err")"
[ "$(ls "$tmp/state/articles" | wc -l)" -eq 8 ] ||
    fail "the others did not go on: $(ls "$tmp/state/articles")"

# three_stalls N: milliseconds that --once takes over three stalled
# sources on one host, with max_per_host = N and timeout = 1s.
three_stalls() {
	rm -rf "$tmp/state"
	extra="max_per_host = $1"
	feedd_conf "s1=$base/stall?1" "s2=$base/stall?2" "s3=$base/stall?3"
	sed -i 's/^timeout = 3s$/timeout = 1s/' "$tmp/feedd.conf"
	t0=$(date +%s%N)
	"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err" || true
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

# max_per_host = 1: they take their turns.
ms=$(three_stalls 1)
[ $ms -ge 2900 ] || fail "max_per_host = 1: three 1s timeouts in ${ms}ms"
[ "$(grep -c 'GET /stall' "$tmp/requests")" -eq 4 ] || fail "requests"

# max_per_host = 3: the same three at once.
ms=$(three_stalls 3)
[ $ms -lt 2900 ] || fail "max_per_host = 3: three 1s timeouts in ${ms}ms"
exit 0
