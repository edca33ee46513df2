#!/bin/sh
# SPDX-License-Identifier: ISC
# feedd-atom over a folder: order, --max, files that are not articles, and
# errors a user can act on.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need xmllint

d=$tmp/articles
mkdir "$d"
write_article "$d" 001_0000000000000001.txt 'Oldest' 20210101 \
    https://e.org/1 'One.'
write_article "$d" 002_0000000000000002.txt 'Newest' 20230505 \
    https://e.org/2 'Two.'
write_article "$d" 003_0000000000000003.txt 'Same day, later' 20220202 \
    https://e.org/3 'Three.'
write_article "$d" 0004_0000000000000004.txt 'Same day, earlier' 20220202 \
    https://e.org/4 'Four.'
write_article "$d" 1000_0000000000000005.txt 'Same day, latest' 20220202 \
    https://e.org/5 'Five.'
# Not articles: each gets a warning that names it and says why.
echo 'notes' > "$d/notes.md"
write_article "$d" 010_00000000000000aa.txt 'Relative' 20220101 /a/b 'P.'
printf 'Title\r\n20220101\nhttps://e.org/\nP.\n' > "$d/011_00000000000000bb.txt"
write_article "$d" 012_00000000000000cc.txt 'Bad date' 2022-01-01 \
    https://e.org/c 'P.'
printf 'Torn\n20220101\nhttps://e.org/\nhalf a li' > "$d/013_00000000000000dd.txt"
mkdir "$d/014_00000000000000ee.txt"
# A temp file of a write under way is passed over in silence.
echo 'partial' > "$d/.tmp.015_00000000000000ff.txt.Ab12Cd"

"$bin/feedd-atom" --title T "$d" > "$tmp/out.atom" 2> "$tmp/err" ||
    fail "feedd-atom failed on a folder with bad files"
xmllint --noout "$tmp/out.atom" || fail "xmllint"
expect_warning() {
	grep -qF "$1" "$tmp/err" || fail "no warning \"$1\" in: $(cat "$tmp/err")"
}
expect_warning "$d/notes.md: skipped: not an article name"
expect_warning "$d/010_00000000000000aa.txt: skipped: line 3: not an absolute URL"
expect_warning "$d/011_00000000000000bb.txt: skipped: line 1: carriage return"
expect_warning "$d/012_00000000000000cc.txt: skipped: line 2: not a date"
expect_warning "$d/013_00000000000000dd.txt: skipped: line 4: no newline at end of file"
expect_warning "$d/014_00000000000000ee.txt: skipped: not a regular file"
[ "$(wc -l < "$tmp/err")" -eq 6 ] || fail "warnings: $(cat "$tmp/err")"

# Newest first: by date, then by sequence number.
titles() {
	sed -n 's|^<title>\(.*\)</title>$|\1|p' "$1" | tail -n +2 | tr '\n' '|'
}
want='Newest|Same day, latest|Same day, earlier|Same day, later|Oldest|'
[ "$(titles "$tmp/out.atom")" = "$want" ] ||
    fail "order: $(titles "$tmp/out.atom")"

"$bin/feedd-atom" --max 2 "$d" > "$tmp/two.atom" 2>/dev/null
[ "$(titles "$tmp/two.atom")" = 'Newest|Same day, latest|' ] ||
    fail "--max 2: $(titles "$tmp/two.atom")"
"$bin/feedd-atom" --max 0 "$d" > "$tmp/all.atom" 2>/dev/null
[ "$(grep -c '<entry>' "$tmp/all.atom")" -eq 5 ] || fail "--max 0"
grep -q '<updated>2023-05-05T00:00:00Z</updated>' "$tmp/out.atom" ||
    fail "feed updated is not the newest entry's"

# The default --max is 100.
mkdir "$tmp/many"
i=1
while [ $i -le 120 ]; do
	write_article "$tmp/many" "$(printf '%03d_%016x.txt' $i $i)" "T$i" \
	    20220101 "https://e.org/$i" "P$i."
	i=$((i + 1))
done
"$bin/feedd-atom" "$tmp/many" > "$tmp/many.atom"
[ "$(grep -c '<entry>' "$tmp/many.atom")" -eq 100 ] || fail "default --max"
grep -q '<title>T120</title>' "$tmp/many.atom" || fail "newest missing"
grep -q '<title>T20</title>' "$tmp/many.atom" && fail "21st oldest kept"

# Errors a user can act on, with a non-zero status.
if "$bin/feedd-atom" "$tmp/nope" > /dev/null 2> "$tmp/err"; then
	fail "missing folder accepted"
fi
grep -q "$tmp/nope: No such file or directory" "$tmp/err" ||
    fail "missing folder: $(cat "$tmp/err")"
if "$bin/feedd-atom" --max ten "$d" > /dev/null 2> "$tmp/err"; then
	fail "--max ten accepted"
fi
grep -q -- "--max: not a count: ten" "$tmp/err" || fail "--max: $(cat "$tmp/err")"
if "$bin/feedd-atom" > /dev/null 2> "$tmp/err"; then
	fail "no folder accepted"
fi
grep -q "usage: feedd-atom" "$tmp/err" || fail "no usage"
# Only http and https links are published, whatever a file says.
mkdir "$tmp/script"
write_article "$tmp/script" 001_0000000000000001.txt 'Script' 20220101 \
    'javascript://%0Aalert(document.domain)' 'P.'
write_article "$tmp/script" 002_0000000000000002.txt 'Web' 20220102 \
    'https://e.org/web' 'P.'
"$bin/feedd-atom" "$tmp/script" > "$tmp/script.atom" || fail "script folder"
xmllint --noout "$tmp/script.atom" || fail "xmllint: script folder"
grep -q 'javascript' "$tmp/script.atom" && fail "a javascript: link published"
grep -q 'href="https://e.org/web"' "$tmp/script.atom" || fail "the web link lost"
[ "$(grep -c '<entry>' "$tmp/script.atom")" -eq 2 ] || fail "an entry lost"
exit 0
