#!/bin/sh
# SPDX-License-Identifier: ISC
# feedd-parse (parse and normalize, JSON Lines to /dev/null) over one large
# generated RSS 2.0 feed with realistic HTML bodies, beside
# `xmllint --stream --noout` on the same file, the floor that libxml2's
# streaming reader sets.  Median of RUNS runs (default 3) of each, and the
# peak RSS; the peak RSS again for a document a tenth the size, to show
# that memory does not grow with the document.
# Usage: bench/parse.sh [MB] (run from the build folder, or set top_builddir)
set -eu
mb=${1:-50}
runs=${RUNS:-3}
here=$(cd "$(dirname "$0")" && pwd)
bin=${top_builddir:-.}/src
[ -x "$bin/feedd-parse" ] || { echo "build first: no $bin/feedd-parse" >&2; exit 1; }
command -v xmllint > /dev/null || { echo "xmllint is missing (libxml2-utils)" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/feedd-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

python3 "$here/gen-feed.py" "$mb" "$tmp/big.xml"
python3 "$here/gen-feed.py" "$(awk "BEGIN { print $mb / 10 }")" "$tmp/small.xml"
# The bodies alone, as one HTML document: what libxml2's HTML parser,
# which turns them into paragraphs, costs by itself.
python3 -c 'import re, sys
d = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(
    "<html><head><meta charset=\"utf-8\"></head><body>" + "".join(re.findall(r"<!\[CDATA\[(.*?)\]\]>", d, re.S)) +
    "</body></html>")' "$tmp/big.xml" "$tmp/bodies.html"
bytes=$(wc -c < "$tmp/big.xml")
items=$(grep -c '<item>' "$tmp/big.xml")
echo "feed: $bytes bytes, $items items"
cat "$tmp/big.xml" > /dev/null

# secs CMD...: wall seconds of one run, to the millisecond.
secs() {
	t0=$(date +%s%N)
	"$@" > /dev/null 2>&1
	t1=$(date +%s%N)
	awk "BEGIN { printf \"%.3f\n\", ($t1 - $t0) / 1e9 }"
}
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
rss() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
}
: > "$tmp/x"; : > "$tmp/f"; : > "$tmp/h"
i=0
while [ $i -lt "$runs" ]; do
	secs xmllint --stream --noout "$tmp/big.xml" >> "$tmp/x"
	secs xmllint --html --noout "$tmp/bodies.html" >> "$tmp/h"
	secs "$bin/feedd-parse" --json "$tmp/big.xml" >> "$tmp/f"
	i=$((i + 1))
done
x=$(median < "$tmp/x")
h=$(median < "$tmp/h")
f=$(median < "$tmp/f")
echo "median of $runs runs:"
printf '  %-38s %7s s  %6.1f MB/s  peak RSS %s KiB\n' \
    "xmllint --stream --noout (floor)" "$x" \
    "$(awk "BEGIN { print $bytes / 1e6 / $x }")" \
    "$(rss xmllint --stream --noout "$tmp/big.xml")"
printf '  %-38s %7s s  (%s bytes of HTML bodies)\n' \
    "xmllint --html --noout, bodies alone" "$h" "$(wc -c < "$tmp/bodies.html")"
printf '  %-38s %7s s  %6.1f MB/s  peak RSS %s KiB\n' \
    "feedd-parse --json" "$f" "$(awk "BEGIN { print $bytes / 1e6 / $f }")" \
    "$(rss "$bin/feedd-parse" --json "$tmp/big.xml")"
printf '  %-38s %7s x the floor'"'"'s speed\n' "" \
    "$(awk "BEGIN { printf \"%.2f\", $x / $f }")"
printf '  %-38s peak RSS %s KiB\n' "feedd-parse --json, a tenth the size" \
    "$(rss "$bin/feedd-parse" --json "$tmp/small.xml")"
