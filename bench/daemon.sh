#!/bin/sh
# SPDX-License-Identifier: ISC
# feedd --once over N feeds (default 1000, 30 items each, realistic HTML
# bodies, a mix of RSS 2.0, Atom and RSS 1.0) served by nginx on 127.0.0.1
# with a configuration written here (gzip on; nginx's own ETag and
# Last-Modified): cold (empty state) and warm (every feed unchanged, every
# answer a 304).  Beside it, the floor: curl --parallel --parallel-max 16
# --compressed downloading the same URLs, cold and then with the ETags it
# saved; and, where installed, sfeed_update with 16 jobs (cold).  Each is
# run RUNS times (default 3); the median wall time is reported, with the
# CPU time and peak RSS of that run.  All on one host, so feedd runs with
# max_parallel = max_per_host = 16, as curl does.
# Usage: bench/daemon.sh [N] (from the build folder, or set top_builddir)
set -eu
n=${1:-1000}
runs=${RUNS:-3}
. "$(dirname "$0")/lib.sh"
python3 "$here/gen-feeds.py" "$n" "$tmp/doc"
chmod -R a+rX "$tmp/doc"
port=$(freeport)
start_nginx "	types { application/xml xml; }
	gzip on;
	gzip_types application/xml;
	keepalive_requests 100000;
	server { listen 127.0.0.1:$port; root $tmp/doc; }"
echo "feeds: $n, $(du -sk "$tmp/doc" | cut -f1) KiB, served by nginx on 127.0.0.1:$port"

{
	printf '[feedd]\nstate_dir = %s/state\nmax_parallel = 16\nmax_per_host = 16\nkeep = 1000000\n' "$tmp"
	sources "$n" f 'f%d.xml'
} > "$tmp/feedd.conf"
: > "$tmp/curl.cfg"
i=0
while [ $i -lt "$n" ]; do
	[ $i -gt 0 ] && echo next >> "$tmp/curl.cfg"
	printf 'url = "http://127.0.0.1:%s/f%d.xml"\noutput = "%s/curl/f%d.xml"\ncompressed\netag-save = "%s/curl/f%d.etag"\netag-compare = "%s/curl/f%d.etag"\n' \
	    "$port" $i "$tmp" $i "$tmp" $i "$tmp" $i >> "$tmp/curl.cfg"
	i=$((i + 1))
done
{
	printf 'sfeedpath="%s/sfeed"\nmaxjobs=16\nfeeds() {\n' "$tmp"
	i=0
	while [ $i -lt "$n" ]; do
		printf '\tfeed "f%d" "http://127.0.0.1:%s/f%d.xml"\n' $i "$port" $i
		i=$((i + 1))
	done
	printf '}\n'
} > "$tmp/sfeedrc"

# measure LABEL PREP CMD...: RUNS runs of CMD, each after PREP; prints the
# median wall time, and the CPU time and peak RSS of that run.
measure() {
	median_run "$@"
	awk -v label="$1" '{
		printf "  %-40s %7.2f s wall %7.2f s CPU %7.1f MB peak RSS\n",
		    label, $1, $2 + $3, $4 / 1024 }' "$tmp/med.$1"
}

echo "median of $runs runs:"
# Each cold run (of every program) starts from an empty folder that was
# never used: the previous run's is moved aside, not deleted, until the
# end.  On ext4 without a journal (as on the machine these figures come
# from) the inode allocator skips every inode freed in the last minutes,
# one block lookup each, so files created just after others were deleted
# cost several times more kernel time: deleting 30,000 articles before a
# cold run would measure the deletion, not feedd.  For the same reason,
# run this with nothing deleted on the filesystem of TMPDIR in the last
# few minutes (a previous run of this script deletes 100,000 files when it
# ends: wait 5 minutes, or point TMPDIR elsewhere).
measure feedd-cold "$(aside state)" "$bin/feedd" --once -c "$tmp/feedd.conf"
[ "$(ls "$tmp/state/articles" | wc -l)" -eq $((n * 30)) ] ||
    echo "  (feedd wrote $(ls "$tmp/state/articles" | wc -l) articles, not $((n * 30)))"
measure feedd-warm "true" "$bin/feedd" --once -c "$tmp/feedd.conf"
measure curl-cold "$(aside curl); mkdir '$tmp/curl'" \
    curl -sS --parallel --parallel-max 16 -K "$tmp/curl.cfg"
measure curl-warm "true" curl -sS --parallel --parallel-max 16 -K "$tmp/curl.cfg"
if command -v sfeed_update > /dev/null; then
	measure sfeed_update-cold "$(aside sfeed)" sfeed_update "$tmp/sfeedrc"
fi
# The disk's share of a cold start: as many files, of the articles' mean
# size, written the way feedd writes them, and nothing else.
size=$(du -sb "$tmp/state/articles" | awk -v n=$((n * 30)) '{ printf "%d", $1 / n }')
${CC:-cc} -O2 -o "$tmp/files" "$here/files.c"
measure "write-$((n * 30))-files" "$(aside files.d)" \
    "$tmp/files" $((n * 30)) "$tmp/files.d" "$size"
ratio() {
	awk -v a="$(wall "$1")" -v b="$(wall "$2")" \
	    'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}
echo "feedd cold / curl cold: $(ratio feedd-cold curl-cold)"
echo "writing the files alone / curl cold: $(ratio "write-$((n * 30))-files" curl-cold)"
# The target: a cold start within 1.5 times the larger of its two floors.
floor=curl-cold
awk -v f="$(wall "write-$((n * 30))-files")" -v c="$(wall curl-cold)" \
    'BEGIN { exit !(f > c) }' && floor="write-$((n * 30))-files"
echo "feedd cold / the larger floor ($floor): $(ratio feedd-cold "$floor") (target <= 1.5)"
echo "feedd warm / curl warm: $(ratio feedd-warm curl-warm) (target <= 3)"
[ -f "$tmp/med.sfeed_update-cold" ] &&
    echo "sfeed_update cold / feedd cold: $(ratio sfeed_update-cold feedd-cold) (target >= 5)"
exit 0
