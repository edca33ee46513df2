#!/bin/sh
# SPDX-License-Identifier: ISC
# feedd-parse --extract over the article pages of tests/data/extract, each
# with the paragraphs a reader would call the story (NAME.expected).  The
# paragraph precision and recall over all of them may not drop below the
# floors, which are the figures measured when they were set.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

PRECISION_FLOOR=0.99
RECALL_FLOOR=1.00
got=0 want=0 hit=0 pages=0
for page in "$data"/extract/*.html; do
	exp=${page%.html}.expected
	# NAME.charset: what an HTTP header would say of the page.
	set -- --extract
	[ -f "${page%.html}.charset" ] && set -- "$@" --charset "$(cat "${page%.html}.charset")"
	"$bin/feedd-parse" "$@" "$page" > "$tmp/got" 2> "$tmp/err" ||
	    fail "$page: $(cat "$tmp/err")"
	g=$(wc -l < "$tmp/got")
	w=$(wc -l < "$exp")
	h=$(grep -Fxc -f "$exp" "$tmp/got" || true)
	got=$((got + g)) want=$((want + w)) hit=$((hit + h))
	pages=$((pages + 1))
	[ "$h" -eq "$w" ] && [ "$g" -eq "$w" ] ||
	    echo "$(basename "$page"): $h of $w expected, $g extracted"
done
awk -v h=$hit -v g=$got -v w=$want -v n=$pages -v pf=$PRECISION_FLOOR \
    -v rf=$RECALL_FLOOR 'BEGIN {
	p = g ? h / g : 0; r = w ? h / w : 0
	printf "%d pages: precision %.3f (%d/%d), recall %.3f (%d/%d)\n",
	    n, p, h, g, r, h, w
	exit !(p >= pf && r >= rf)
}' || fail "precision or recall below the floor"
if "$bin/feedd-parse" --extract /dev/null 2> "$tmp/err"; then
	fail "an empty page gave a story"
fi
grep -q "no story found" "$tmp/err" || fail "$(cat "$tmp/err")"
exit 0
