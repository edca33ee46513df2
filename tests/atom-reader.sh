#!/bin/sh
# SPDX-License-Identifier: ISC
# feedd-atom's output, read as a new user's feed reader reads it: valid XML
# (xmllint) and, in python3-feedparser, the articles' exact text and dates.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need xmllint
py=$(python_with_feedparser)

# The reference article alone.
mkdir "$tmp/ref"
cp "$data/000_0263b587192c9eae.txt" "$tmp/ref/"
"$bin/feedd-atom" --title "feedd test" --self http://127.0.0.1:8765/feed.atom \
    "$tmp/ref" > "$tmp/ref.atom" 2> "$tmp/err" || fail "feedd-atom failed"
[ ! -s "$tmp/err" ] || fail "unexpected stderr: $(cat "$tmp/err")"
xmllint --noout "$tmp/ref.atom" || fail "xmllint: reference feed"
"$py" "$top_srcdir/tests/feedparser-check.py" "$tmp/ref.atom" \
    "$tmp/ref/000_0263b587192c9eae.txt" || fail "feedparser: reference feed"
grep -q 'Ukraines eastern border' "$tmp/ref.atom" || fail "text missing"

# Text that needs escaping, and characters beyond ASCII, survive as they are.
mkdir "$tmp/uni"
write_article "$tmp/uni" 001_00000000000000a1.txt \
    'Tom & Jerry <b>not bold</b> “quoted”' 20240229 \
    'https://example.org/a?x=1&y=<2>' \
    'Ukraine’s border & the “talks” — 5 < 6 > 4' \
    'Café, naïve, 東京, 📰, Ωmega' '<script>alert(1)</script> is text here'
write_article "$tmp/uni" 002_00000000000000a2.txt 'Second' 20231231 \
    'http://example.org/b' 'Only paragraph.'
"$bin/feedd-atom" "$tmp/uni" > "$tmp/uni.atom" || fail "feedd-atom failed"
xmllint --noout "$tmp/uni.atom" || fail "xmllint: unicode feed"
grep -q '<script>' "$tmp/uni.atom" && fail "markup copied unescaped"
"$py" "$top_srcdir/tests/feedparser-check.py" "$tmp/uni.atom" \
    "$tmp/uni/001_00000000000000a1.txt" "$tmp/uni/002_00000000000000a2.txt" ||
    fail "feedparser: unicode feed"
exit 0
