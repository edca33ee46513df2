#!/bin/sh
# SPDX-License-Identifier: ISC
# Many sources on one host: a cold `feedd --once` over N sources (default
# 10000), each a URL of its own on nginx on 127.0.0.1 (one small feed
# behind every URL, by a rewrite; a source's articles are still its own,
# since identity includes the source), with max_parallel = 16 and
# max_per_host = MAX_PER_HOST (default 2), beside curl fetching the same
# URLs with the same parallelism (curl --parallel --parallel-max).  What it
# shows: that starting each fetch costs the same whatever waits (the
# schedule's per-host queues), so feedd stays within a small factor of
# curl's time.  Median of RUNS runs (default 3) of each.
# Usage: bench/onehost.sh [N] (from the build folder, or set top_builddir)
set -eu
n=${1:-10000}
per_host=${MAX_PER_HOST:-2}
. "$(dirname "$0")/lib.sh"
command -v curl > /dev/null || { echo "curl is missing" >&2; exit 1; }
mkdir -p "$tmp/doc"
port=$(freeport)
start_nginx "	types { application/rss+xml xml; }
	server {
		listen 127.0.0.1:$port;
		root $tmp/doc;
		location /s/ { rewrite ^ /feed.xml break; }
	}"
printf '<rss version="2.0"><channel><title>T</title><link>https://one.example.org/</link><item><title>One item</title><link>https://one.example.org/1</link><guid>one-1</guid><pubDate>Mon, 17 Jan 2022 10:00:00 GMT</pubDate><description>A short body.</description></item></channel></rss>\n' > "$tmp/doc/feed.xml"

{
	printf '[feedd]\nstate_dir = %s\nmax_parallel = 16\nmax_per_host = %s\n' \
	    "$tmp/state" "$per_host"
	printf '[feed]\nlisten = off\n'
	sources "$n" s 's/%d.xml'
} > "$tmp/feedd.conf"
i=0
while [ $i -lt "$n" ]; do
	printf 'url = "http://127.0.0.1:%s/s/%d.xml"\noutput = "/dev/null"\n' "$port" $i
	i=$((i + 1))
done > "$tmp/curl.conf"

# Each feedd run starts from a state folder never used (aside).
runs=${RUNS:-3}
median_run curl true curl -s --parallel --parallel-max "$per_host" -K "$tmp/curl.conf"
median_run feedd "$(aside state)" "$bin/feedd" --once -c "$tmp/feedd.conf"
c=$(wall curl)
f=$(wall feedd)
arts=$(ls "$tmp/state/articles" | wc -l)
echo "$n sources on one host, max_per_host = $per_host, max_parallel = 16 (median of $runs):"
printf '  curl --parallel --parallel-max %s   %6.2f s  %8.0f fetches/s\n' "$per_host" "$c" \
    "$(awk "BEGIN { print $n / $c }")"
printf '  feedd --once (cold)             %6.2f s  %8.0f fetches/s  %.1fx curl\n' "$f" \
    "$(awk "BEGIN { print $n / $f }")" "$(awk "BEGIN { print $f / $c }")"
echo "  articles written: $arts (one per source)"
