#!/bin/sh
# SPDX-License-Identifier: ISC
# Serving: requests per second for /feed.atom from the daemon, beside
# nginx serving the very same feed.atom as a static file, in the same run,
# with wrk (64 connections, 2 threads, DURATION seconds each, default 10):
# the full feed, a 304 (If-None-Match with the server's own ETag), and
# gzip (Accept-Encoding: gzip; nginx compresses as it sends, gzip on).
# Meanwhile the daemon keeps fetching: FEEDS sources (default 500, 30
# items each, on the same nginx) at interval = 1m, some 8 fetches a
# second; how late its timers fired during the runs comes from its
# /metrics.  Each figure is the median of RUNS runs (default 3).
# Usage: bench/serve.sh (from the build folder, or set top_builddir)
set -eu
feeds=${FEEDS:-500}
runs=${RUNS:-3}
dur=${DURATION:-10}
. "$(dirname "$0")/lib.sh"
command -v wrk > /dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
mkdir -p "$tmp/doc" "$tmp/www"
port=$(freeport)
wport=$(freeport)
hport=$(freeport)

python3 "$here/gen-feeds.py" "$feeds" "$tmp/doc"
chmod -R a+rX "$tmp/doc"
start_nginx "	types { application/xml xml; application/atom+xml atom; }
	keepalive_requests 10000000;
	gzip on;
	gzip_types application/atom+xml;
	server { listen 127.0.0.1:$port; root $tmp/doc; }
	server { listen 127.0.0.1:$wport; root $tmp/www; }"
{
	printf '[feedd]\nstate_dir = %s/state\ninterval = 1m\nmax_parallel = 16\nmax_per_host = 16\n' "$tmp"
	printf '[feed]\nlisten = 127.0.0.1:%s\n' "$hport"
	sources "$feeds" f 'f%d.xml'
} > "$tmp/feedd.conf"
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/once.err" ||
    { cat "$tmp/once.err" >&2; exit 1; }
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/daemon.err" &
daemon=$!
until curl -s -o /dev/null "http://127.0.0.1:$hport/health"; do
	kill -0 "$daemon" || { cat "$tmp/daemon.err" >&2; exit 1; }
	sleep 0.01
done
feedd_url="http://127.0.0.1:$hport/feed.atom"
nginx_url="http://127.0.0.1:$wport/feed.atom"
# nginx serves the very bytes the daemon serves.
curl -s "$feedd_url" > "$tmp/www/feed.atom"
chmod a+r "$tmp/www/feed.atom"
curl -s "$nginx_url" | cmp -s - "$tmp/www/feed.atom" ||
    { echo "nginx does not serve the daemon's feed" >&2; exit 1; }
etag() { curl -sI "$1" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p'; }
feedd_etag=$(etag "$feedd_url")
nginx_etag=$(etag "$nginx_url")
size=$(wc -c < "$tmp/www/feed.atom")
gzsize=$(curl -s -H 'Accept-Encoding: gzip' "$feedd_url" | wc -c)
echo "feed.atom: $size bytes ($gzsize gzipped by feedd); wrk -t2 -c64 -d${dur}s, median of $runs"

lateness() {
	curl -s "http://127.0.0.1:$hport/metrics" |
	    sed -n 's/^feedd_timer_lateness_seconds_bucket{le="\([^"]*\)"} /\1 /p'
}
fetched() {
	curl -s "http://127.0.0.1:$hport/metrics" |
	    awk '/^feedd_fetches_total\{/ { n += $2 } END { print n }'
}
lateness > "$tmp/late0"
f0=$(fetched)
t0=$(date +%s)

# rps URL [HEADER]: the median requests per second of RUNS wrk runs.
rps() {
	: > "$tmp/r"
	i=0
	while [ $i -lt "$runs" ]; do
		if [ $# -gt 1 ]; then
			wrk -t2 -c64 -d"${dur}s" -H "$2" "$1" > "$tmp/w"
		else
			wrk -t2 -c64 -d"${dur}s" "$1" > "$tmp/w"
		fi
		! grep -q "Non-2xx or 3xx" "$tmp/w" ||
		    { echo "errors from $1: $(cat "$tmp/w")" >&2; exit 1; }
		# Timeouts (wrk's 2 s) are the server being slow, not wrong:
		# said, and the rate kept (nginx compressing 442 KB per request
		# has some at 64 connections).
		! grep -q "Socket errors" "$tmp/w" ||
		    echo "  ($1, ${2:-no header}: $(grep "Socket errors" "$tmp/w" | sed 's/^ *//'))" >&2
		awk '/^Requests\/sec:/ { print $2 }' "$tmp/w" >> "$tmp/r"
		i=$((i + 1))
	done
	sort -n "$tmp/r" | sed -n "$(( (runs + 1) / 2 ))p"
}
row() {
	printf '  %-22s feedd %9.0f req/s   nginx %9.0f req/s   %.2fx nginx\n' \
	    "$1" "$2" "$3" "$(awk -v a="$2" -v b="$3" 'BEGIN { print a / b }')"
}
row "full feed" "$(rps "$feedd_url")" "$(rps "$nginx_url")"
row "304 (If-None-Match)" "$(rps "$feedd_url" "If-None-Match: $feedd_etag")" \
    "$(rps "$nginx_url" "If-None-Match: $nginx_etag")"
row "gzip" "$(rps "$feedd_url" "Accept-Encoding: gzip")" \
    "$(rps "$nginx_url" "Accept-Encoding: gzip")"

lateness > "$tmp/late1"
f1=$(fetched)
t1=$(date +%s)
echo "meanwhile the daemon made $((f1 - f0)) fetches in $((t1 - t0)) s; its timers fired late by:"
paste -d' ' "$tmp/late0" "$tmp/late1" | awk '
	{ n = $4 - $2; printf "    <= %-7s s: %d\n", $1, n - prev; prev = n }'
