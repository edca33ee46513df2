#!/bin/sh
# SPDX-License-Identifier: ISC
# OPML as popular readers export it (Feedly, Inoreader, newsboat) becomes
# [source] sections that feedd --check accepts (nested outlines, titles
# made valid unique names, folders made tags, a URL in two folders one
# source with both); --export-opml gives OPML 2.0, the tags as folders,
# that reads back to the same sources and tags.
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
	grep '^tags = ' "$tmp/$f.src" > "$tmp/a" || true
	grep '^tags = ' "$tmp/$f.again" > "$tmp/b" || true
	cmp -s "$tmp/a" "$tmp/b" || fail "$f: round trip changed the tags"
done
# Folders are tags; a URL in two folders is one source with both.
grep -A3 -x '\[source "lwn-net"\]' "$tmp/feedly.src" | grep -qx 'tags = tech' ||
    fail "folder as tag: $(cat "$tmp/feedly.src")"
cat > "$tmp/two.opml" <<'EOF2'
<?xml version="1.0"?>
<opml version="2.0"><head><title>t</title></head><body>
<outline text="Security News"><outline text="LWN" xmlUrl="https://lwn.net/rss"/>
<outline text="Top"><outline text="Deep" xmlUrl="https://deep.example/rss"/></outline></outline>
<outline text="Linux"><outline text="LWN again" xmlUrl="https://lwn.net/rss"/></outline>
<outline text="Loose" xmlUrl="https://loose.example/rss"/>
</body></opml>
EOF2
"$bin/feedd" --import-opml "$tmp/two.opml" > "$tmp/two.src" || fail "two folders"
[ "$(grep -c '^url = https://lwn.net/rss$' "$tmp/two.src")" -eq 1 ] ||
    fail "one URL, two sources: $(cat "$tmp/two.src")"
grep -qx 'tags = security-news,linux' "$tmp/two.src" || fail "both tags: $(cat "$tmp/two.src")"
grep -qx 'tags = security-news,top' "$tmp/two.src" || fail "nested folders: $(cat "$tmp/two.src")"
[ "$(grep -c '^tags' "$tmp/two.src")" -eq 2 ] || fail "a loose feed has no tag"
{ printf '[feedd]\nstate_dir = %s/state\n\n' "$tmp"; cat "$tmp/two.src"; } > "$tmp/two.conf"
"$bin/feedd" -c "$tmp/two.conf" --export-opml > "$tmp/two.out" || fail "export"
xmllint --noout "$tmp/two.out" || fail "export of folders is not XML"
grep -q '<outline text="linux" title="linux">' "$tmp/two.out" || fail "folders: $(cat "$tmp/two.out")"
"$bin/feedd" --import-opml "$tmp/two.out" > "$tmp/two.again" || fail "re-import"
diff "$tmp/two.src" "$tmp/two.again" | grep '^[<>] [^;]' &&
    fail "round trip of folders changed: $(diff "$tmp/two.src" "$tmp/two.again")"
grep -qx '\[source "bbc-news-world-2"\]' "$tmp/feedly.src" || fail "unique names"
grep -qx 'url = https://deep.example.org/feed?a=1&b=2' "$tmp/inoreader.src" ||
    fail "nested or escaped URL: $(cat "$tmp/inoreader.src")"
grep -qx '; Top level with a newline' "$tmp/inoreader.src" || fail "newline in a title"
grep -q 'ftp://' "$tmp/feedly.src" && fail "an ftp URL was imported"
grep -qx '\[source "a-developer-s-notes"\]' "$tmp/newsboat.src" || fail "names"
# Names a person can read: letters with marks as plain ones, a title in
# another script gives the feed's host; skipped outlines are named, with
# the reason; feedd's own export keeps every name, even one that the
# titles would not give ("feed--1").
cat > "$tmp/names.opml" <<'EOF2'
<?xml version="1.0"?>
<opml version="2.0"><head><title>t</title></head><body>
<outline text="Actualités"><outline text="Le Monde.fr - Actualités et Infos en France et dans le monde" xmlUrl="https://www.lemonde.fr/rss/une.xml"/></outline>
<outline text="ニュース" xmlUrl="https://www.nhk.or.jp/rss/news/cat0.xml"/>
<outline text="Gopher" xmlUrl="gopher://example.org/1"/>
<outline text="Nothing here"/>
<outline text="Straße Œuvre" xmlUrl="https://x.example/feed"/>
</body></opml>
EOF2
"$bin/feedd" --import-opml "$tmp/names.opml" > "$tmp/names.src" 2> "$tmp/err" || fail "names"
grep -qx '\[source "le-monde-fr-actualites-et-infos-en-france-et-dans-le-monde"\]' "$tmp/names.src" ||
    fail "accents: $(cat "$tmp/names.src")"
grep -qx 'tags = actualites' "$tmp/names.src" || fail "a folder with accents"
grep -qx '\[source "nhk-or-jp"\]' "$tmp/names.src" || fail "another script: $(cat "$tmp/names.src")"
grep -qx '\[source "strasse-oeuvre"\]' "$tmp/names.src" || fail "ß, Œ: $(cat "$tmp/names.src")"
grep -q 'outline "Gopher": gopher://example.org/1 is not an http or https URL: skipped' "$tmp/err" ||
    fail "gopher: $(cat "$tmp/err")"
grep -q 'outline "Nothing here" has no xmlUrl: skipped' "$tmp/err" || fail "no xmlUrl: $(cat "$tmp/err")"
{ printf '[feedd]\nstate_dir = %s/s\n' "$tmp"
  printf '[source "feed--1"]\nurl = https://a.example/rss\n'
  printf '[source "X_y.z"]\nurl = https://b.example/rss\n'; } > "$tmp/own.conf"
"$bin/feedd" -c "$tmp/own.conf" --export-opml > "$tmp/own.opml" || fail "export own"
"$bin/feedd" --import-opml "$tmp/own.opml" > "$tmp/own.src" || fail "import own"
grep -qx '\[source "feed--1"\]' "$tmp/own.src" || fail "feed--1 renamed: $(cat "$tmp/own.src")"
grep -qx '\[source "X_y.z"\]' "$tmp/own.src" || fail "X_y.z renamed: $(cat "$tmp/own.src")"

echo '<html><body>no</body></html>' > "$tmp/bad.opml"
if "$bin/feedd" --import-opml "$tmp/bad.opml" 2> "$tmp/err"; then
	fail "not OPML accepted"
fi
grep -q "bad.opml: not an OPML document" "$tmp/err" || fail "$(cat "$tmp/err")"
exit 0
