#!/bin/sh
# SPDX-License-Identifier: ISC
# OPML as popular readers export it (Feedly, Inoreader, newsboat) becomes
# [source] sections that feedd --check accepts (nested outlines, titles
# made valid unique names); --export-opml gives OPML 2.0 that reads back
# to the same sources.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need xmllint

for f in feedly inoreader newsboat; do
	"$bin/feedd" --import-opml "$data/opml/$f.opml" > "$tmp/$f.src" 2> "$tmp/err" ||
	    fail "$f: $(cat "$tmp/err")"
	{ printf '[feedd]\nstate_dir = %s/state\n\n' "$tmp"; cat "$tmp/$f.src"; } > "$tmp/$f.conf"
	"$bin/feedd" --check -c "$tmp/$f.conf" > "$tmp/out" 2>&1 || fail "$f: $(cat "$tmp/out")"
	grep -c '^url = ' "$tmp/$f.src" > "$tmp/n"
	grep -q "OK, $(cat "$tmp/n") source" "$tmp/out" || fail "$f: $(cat "$tmp/out")"
	# Export, and read the export back: the same URLs, in order.
	"$bin/feedd" -c "$tmp/$f.conf" --export-opml > "$tmp/$f.out.opml" || fail "export"
	xmllint --noout "$tmp/$f.out.opml" || fail "$f: export is not XML"
	grep -q '<opml version="2.0">' "$tmp/$f.out.opml" || fail "not OPML 2.0"
	"$bin/feedd" --import-opml "$tmp/$f.out.opml" > "$tmp/$f.again" || fail "re-import"
	grep '^url = ' "$tmp/$f.src" > "$tmp/a"
	grep '^url = ' "$tmp/$f.again" > "$tmp/b"
	cmp -s "$tmp/a" "$tmp/b" || fail "$f: round trip changed the URLs"
	grep '^\[source' "$tmp/$f.src" > "$tmp/a"
	grep '^\[source' "$tmp/$f.again" > "$tmp/b"
	cmp -s "$tmp/a" "$tmp/b" || fail "$f: round trip changed the names"
done
grep -qx '\[source "bbc-news-world-2"\]' "$tmp/feedly.src" || fail "unique names"
grep -qx 'url = https://deep.example.org/feed?a=1&b=2' "$tmp/inoreader.src" ||
    fail "nested or escaped URL: $(cat "$tmp/inoreader.src")"
grep -qx '; Top level with a newline' "$tmp/inoreader.src" || fail "newline in a title"
grep -q 'ftp://' "$tmp/feedly.src" && fail "an ftp URL was imported"
grep -qx '\[source "a-developer-s-notes"\]' "$tmp/newsboat.src" || fail "names"
echo '<html><body>no</body></html>' > "$tmp/bad.opml"
if "$bin/feedd" --import-opml "$tmp/bad.opml" 2> "$tmp/err"; then
	fail "not OPML accepted"
fi
grep -q "bad.opml: not an OPML document" "$tmp/err" || fail "$(cat "$tmp/err")"
exit 0
