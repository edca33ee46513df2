#!/bin/sh
# SPDX-License-Identifier: ISC
# feedd-atom over 10,000 generated articles, beside `cat DIR/*`, the floor
# that reading the files sets.  Each command runs RUNS times, alternating,
# with the page cache warm; the median wall time and the peak RSS are
# reported.  Usage: bench/atom.sh [N] (run from the build folder, or set
# top_builddir).
set -eu
n=${1:-10000}
runs=${RUNS:-7}
here=$(cd "$(dirname "$0")" && pwd)
bin=${top_builddir:-.}/src
[ -x "$bin/feedd-atom" ] || { echo "build first: no $bin/feedd-atom" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/feedd-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

python3 "$here/gen-articles.py" "$n" "$tmp/articles"
echo "articles: $n, $(du -sk "$tmp/articles" | cut -f1) KiB on disk"
cat "$tmp/articles"/* > /dev/null

# ms CMD...: wall milliseconds of one run.
ms() {
	t0=$(date +%s%N)
	"$@" > /dev/null
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
catall() { cat "$tmp/articles"/*; }

: > "$tmp/cat"; : > "$tmp/atom"; : > "$tmp/all"
i=0
while [ $i -lt "$runs" ]; do
	ms catall >> "$tmp/cat"
	ms "$bin/feedd-atom" "$tmp/articles" >> "$tmp/atom"
	ms "$bin/feedd-atom" --max 0 "$tmp/articles" >> "$tmp/all"
	i=$((i + 1))
done
cat_ms=$(median < "$tmp/cat")
atom_ms=$(median < "$tmp/atom")
all_ms=$(median < "$tmp/all")
rss() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
}
echo "median of $runs runs, wall time:"
printf '  %-34s %6s ms\n' "cat DIR/* (floor)" "$cat_ms"
printf '  %-34s %6s ms  %s x floor, peak RSS %s KiB\n' \
    "feedd-atom DIR (100 entries)" "$atom_ms" \
    "$(awk "BEGIN { printf \"%.2f\", $atom_ms / ($cat_ms ? $cat_ms : 1) }")" \
    "$(rss "$bin/feedd-atom" "$tmp/articles")"
printf '  %-34s %6s ms  %s x floor, peak RSS %s KiB\n' \
    "feedd-atom --max 0 DIR (all)" "$all_ms" \
    "$(awk "BEGIN { printf \"%.2f\", $all_ms / ($cat_ms ? $cat_ms : 1) }")" \
    "$(rss "$bin/feedd-atom" --max 0 "$tmp/articles")"
