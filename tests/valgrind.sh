#!/bin/sh
# SPDX-License-Identifier: ISC
# The tools free everything and touch no memory they should not, in their
# ordinary paths and their error paths.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
if [ "${FEEDD_SANITIZERS:-}" = yes ]; then
	echo "SKIP: valgrind cannot run a sanitizer build" >&2
	exit 77
fi
need valgrind

# vg CMD...: run CMD under valgrind; its exit status is left in rc.
vg() {
	rc=0
	valgrind -q --leak-check=full --show-leak-kinds=all \
	    --errors-for-leak-kinds=all --error-exitcode=99 "$@" || rc=$?
}

mkdir "$tmp/d"
cp "$data/000_0263b587192c9eae.txt" "$tmp/d/"
write_article "$tmp/d" 001_0000000000000001.txt 'T1' 20220101 \
    https://e.org/1 'One & <two>.' 'Three.'
write_article "$tmp/d" 002_0000000000000002.txt 'T2' 20220103 \
    https://e.org/2 'Four.'
write_article "$tmp/d" 003_0000000000000003.txt 'Bad' 20220103 /rel 'x'
echo junk > "$tmp/d/junk"

for max in 100 1 0; do
	vg "$bin/feedd-atom" --max $max "$tmp/d" > /dev/null 2> "$tmp/err"
	[ $rc -eq 0 ] || fail "--max $max: exit $rc: $(cat "$tmp/err")"
done
vg "$bin/feedd-atom" "$tmp/missing" > /dev/null 2> "$tmp/err"
[ $rc -eq 1 ] || fail "missing folder: exit $rc: $(cat "$tmp/err")"

# feedd-parse over every kind of document, in each output mode.
mkdir "$tmp/out"
for f in rss20 atom10 rss10 enc-utf16le enc-koi8r enc-utf8-lie broken-mismatch \
    broken-truncated billion-laughs html-spacing cdata-mixed; do
	for mode in --json "-o $tmp/out" ""; do
		# shellcheck disable=SC2086
		vg "$bin/feedd-parse" --source v $mode "$data/parse/$f.xml" \
		    > /dev/null 2> "$tmp/err"
		[ $rc -eq 0 ] || fail "feedd-parse $mode $f: exit $rc: $(cat "$tmp/err")"
	done
done
vg "$bin/feedd-parse" "$data/parse/not-a-feed.html" > /dev/null 2> "$tmp/err"
[ $rc -eq 1 ] || fail "not a feed: exit $rc: $(cat "$tmp/err")"

# The daemon, once and explaining, against the test server.
start_server
cp "$data/parse/rss20.xml" "$data/parse/atom10.xml" "$tmp/doc/"
feedd_conf "a=$base/feed/rss20.xml" "b=$base/moved/atom10.xml" \
    "c=$base/status/500/0"
vg "$bin/feedd" --once -c "$tmp/feedd.conf" > /dev/null 2> "$tmp/err"
[ $rc -eq 1 ] || fail "feedd --once: exit $rc: $(cat "$tmp/err")"
vg "$bin/feedd" --once -c "$tmp/feedd.conf" > /dev/null 2> "$tmp/err"
[ $rc -eq 1 ] || fail "feedd --once again: exit $rc: $(cat "$tmp/err")"
vg "$bin/feedd" --explain a -c "$tmp/feedd.conf" > /dev/null 2> "$tmp/err"
[ $rc -eq 0 ] || fail "feedd --explain: exit $rc: $(cat "$tmp/err")"
vg "$bin/feedd" --check -c "$tmp/feedd.conf" > /dev/null 2> "$tmp/err"
[ $rc -eq 0 ] || fail "feedd --check: exit $rc: $(cat "$tmp/err")"
exit 0
