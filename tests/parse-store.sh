#!/bin/sh
# SPDX-License-Identifier: ISC
# feedd-parse -o DIR: the daemon's names and deduplication on a real
# folder.  An item seen before is not written again, a changed one replaces
# its file under the same name, a new one takes the next number, an undated
# one keeps the date it was first seen, and a crash's temp files go.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need xmllint

d=$tmp/articles
mkdir "$d"
parse() {
	"$bin/feedd-parse" --source gazette "$@" 2> "$tmp/err" ||
	    fail "feedd-parse $*: $(cat "$tmp/err")"
}
listing() { (cd "$d" && ls -i) | tr '\n' ' '; }

# First run: one file per item, numbered from 000, named by identity.
parse -o "$d" "$data/parse/rss20.xml"
grep -q '3 new, 0 updated, 0 unchanged' "$tmp/err" || fail "first: $(cat "$tmp/err")"
"$bin/feedd-parse" --source gazette --json "$data/parse/rss20.xml" |
    sed -n 's/.*"hash":"\([0-9a-f]*\)".*/\1/p' > "$tmp/hashes"
i=0
while read -r h; do
	f=$(printf '%03d_%s.txt' $i "$h")
	[ -f "$d/$f" ] || fail "missing $f: $(ls "$d")"
	i=$((i + 1))
done < "$tmp/hashes"
[ $i -eq 3 ] || fail "hashes: $i"
head -n 3 "$d/000_$(head -n 1 "$tmp/hashes").txt" > "$tmp/head"
printf 'Talks in Geneva end without a breakthrough\n20220117\nhttps://gazette.example.org/world/2022/01/17/geneva-talks/\n' |
    cmp -s - "$tmp/head" || fail "first article: $(cat "$tmp/head")"

# Second run of the same document: nothing is written (same inodes).
before=$(listing)
parse -o "$d" "$data/parse/rss20.xml"
grep -q '0 new, 0 updated, 3 unchanged' "$tmp/err" || fail "again: $(cat "$tmp/err")"
[ "$(listing)" = "$before" ] || fail "files rewritten: $before / $(listing)"

# A changed text replaces the file under the same name; a new item is 003.
sed -e 's/Stocks held steady on Sunday/Stocks held firm on Sunday/' \
    -e 's|<channel>|<channel><item><title>Brand new</title><link>https://gazette.example.org/new</link><pubDate>Tue, 18 Jan 2022 07:00:00 GMT</pubDate><description>New.</description></item>|' \
    "$data/parse/rss20.xml" > "$tmp/changed.xml"
parse -o "$d" "$tmp/changed.xml"
grep -q '1 new, 1 updated, 2 unchanged' "$tmp/err" || fail "changed: $(cat "$tmp/err")"
[ "$(ls "$d" | wc -l)" -eq 4 ] || fail "files: $(ls "$d")"
grep -l 'held firm' "$d"/001_*.txt > /dev/null || fail "update not in 001"
ls "$d"/003_*.txt > /dev/null 2>&1 || fail "no 003: $(ls "$d")"
grep -q '^Brand new$' "$d"/003_*.txt || fail "003 is not the new item"

# An undated item keeps the day it was first seen.
cat > "$tmp/undated.xml" <<'XML'
<rss version="2.0"><channel><title>U</title><link>https://u.example.org/</link>
<item><title>Undated</title><guid>u-1</guid><link>https://u.example.org/1</link><description>No date.</description></item>
</channel></rss>
XML
parse --now 2025-03-01T10:00:00Z -o "$d" "$tmp/undated.xml"
parse --now 2025-03-09T10:00:00Z -o "$d" "$tmp/undated.xml"
grep -q '0 new, 0 updated, 1 unchanged' "$tmp/err" || fail "undated: $(cat "$tmp/err")"
sed -n 2p "$d"/004_*.txt | grep -qx 20250301 || fail "undated date moved"

# A crash's temp file is removed; the collection reads as a feed.
echo 'half' > "$d/.tmp.005_0000000000000001.txt.XyZ123"
parse -o "$d" "$data/parse/rss20.xml"
[ ! -e "$d/.tmp.005_0000000000000001.txt.XyZ123" ] || fail "temp file kept"
"$bin/feedd-atom" "$d" > "$tmp/feed.atom" 2> "$tmp/err"
[ ! -s "$tmp/err" ] || fail "feedd-atom: $(cat "$tmp/err")"
xmllint --noout "$tmp/feed.atom" || fail "xmllint"
[ "$(grep -c '<entry>' "$tmp/feed.atom")" -eq 5 ] || fail "entries"

# A link written as an IRI (non-ASCII) is now a valid URI (issue 12), and
# hashed as one: the same item, its link raw or already encoded, is one
# article; and an article that an earlier version made under the IRI's
# identity is found and rewritten in place (its URL line now the URI), not
# made again.
d2=$tmp/iri
mkdir "$d2"
rss() {
	printf '<rss version="2.0"><channel><title>I</title><link>https://imoveis.example.pt/</link><item><title>Casa</title><link>%s</link><pubDate>Mon, 15 Dec 2025 10:00:00 GMT</pubDate><description>Uma casa.</description></item></channel></rss>' "$1"
}
raw='https://imoveis.example.pt/Apartamento-em-Portim\303\243o.html'
enc='https://imoveis.example.pt/Apartamento-em-Portim%C3%A3o.html'
rss "$(printf "$raw")" > "$tmp/raw.xml"
rss "$enc" > "$tmp/enc.xml"
h_raw=$("$bin/feedd-parse" --source gazette --json "$tmp/raw.xml" | sed -n 's/.*"hash":"\([0-9a-f]*\)".*/\1/p')
h_enc=$("$bin/feedd-parse" --source gazette --json "$tmp/enc.xml" | sed -n 's/.*"hash":"\([0-9a-f]*\)".*/\1/p')
[ -n "$h_raw" ] && [ "$h_raw" = "$h_enc" ] || fail "raw $h_raw, encoded $h_enc"
old=$(printf "feedd-srclink\0gazette\0$raw" | sha256sum | cut -c1-16)
[ "$old" != "$h_raw" ] || fail "the IRI's identity is the URI's: the test tests nothing"
printf "Casa\n20251215\n$raw\nUma casa.\n" > "$d2/000_$old.txt"
parse -o "$d2" "$tmp/raw.xml"
grep -q '0 new, 1 updated, 0 unchanged' "$tmp/err" || fail "IRI collection: $(cat "$tmp/err")"
[ "$(ls "$d2")" = "000_$old.txt" ] || fail "written again: $(ls "$d2")"
[ "$(sed -n 3p "$d2/000_$old.txt")" = "$enc" ] || fail "URL line: $(sed -n 3p "$d2/000_$old.txt")"
parse -o "$d2" "$tmp/enc.xml"
grep -q '0 new, 0 updated, 1 unchanged' "$tmp/err" || fail "encoded: $(cat "$tmp/err")"

# A folder that is not there is an error that names it.
if "$bin/feedd-parse" -o "$tmp/nope" "$data/parse/rss20.xml" 2> "$tmp/err"; then
	fail "missing folder accepted"
fi
grep -q "$tmp/nope: No such file or directory" "$tmp/err" || fail "$(cat "$tmp/err")"
exit 0
