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
# A whole article: the page's title without the site's name, the date
# given by --now, the URL given by --base (the page has neither).
"$bin/feedd-parse" --extract --base https://gazette.example.org/talks \
    --now 2022-03-01T09:00:00Z "$data/extract/news-site.html" > "$tmp/got" 2> "$tmp/err" ||
    fail "--extract --base: $(cat "$tmp/err")"
head -n 3 "$tmp/got" > "$tmp/head"
printf 'Talks end without a deal\n20220301\nhttps://gazette.example.org/talks\n' |
    cmp -s - "$tmp/head" || fail "article header: $(cat "$tmp/head")"
sed -n '4,$p' "$tmp/got" | cmp -s - "$data/extract/news-site.expected" ||
    fail "article body differs from the story"
# The page's own: og:title over <title>, JSON-LD's date (in UTC: the 18th),
# the canonical URL (resolved against --base) over --base.
sed 's|<head>|<head><meta property="og:title" content="Talks end, and no deal"><link rel="canonical" href="/2022/01/17/talks"><script type="application/ld+json"><![CDATA[{"@type": "NewsArticle", "datePublished": "2022-01-17T21:30:00-05:00"}]]></script>|' \
    "$data/extract/news-site.html" > "$tmp/meta.html"
"$bin/feedd-parse" --extract --base https://gazette.example.org/talks \
    --now 2022-03-01T09:00:00Z "$tmp/meta.html" > "$tmp/got" 2> "$tmp/err" ||
    fail "--extract, page metadata: $(cat "$tmp/err")"
head -n 3 "$tmp/got" > "$tmp/head"
printf 'Talks end, and no deal\n20220118\nhttps://gazette.example.org/2022/01/17/talks\n' |
    cmp -s - "$tmp/head" || fail "page metadata: $(cat "$tmp/head")"

# The title, as Readability finds it: each case is the <head> that replaces
# the page's <title>, and the title expected.
n=0
while IFS='	' read -r head want; do
	n=$((n + 1))
	printf '%s\n' "$head" > "$tmp/head.$n"
	awk -v f="$tmp/head.$n" 'BEGIN { getline h < f }
	    { sub(/<title>[^<]*<\/title>/, h); print }' \
	    "$data/extract/news-site.html" > "$tmp/t.html"
	"$bin/feedd-parse" --extract --base https://gazette.example.org/t \
	    "$tmp/t.html" 2> "$tmp/err" | head -n 1 > "$tmp/title" ||
	    fail "title case $n: $(cat "$tmp/err")"
	[ "$(cat "$tmp/title")" = "$want" ] ||
	    fail "title case $n: \"$(cat "$tmp/title")\", not \"$want\""
done <<'EOF2'
<title>Talks end without a deal | The Example Gazette</title>	Talks end without a deal
<title>Geneva | The Example Gazette</title>	Geneva | The Example Gazette
<title>Gazette - Talks End Here</title>	Gazette - Talks End Here
<title>Talks end without a deal – The Example Gazette</title>	Talks end without a deal
<title>The Example Gazette: talks end without a deal today</title>	talks end without a deal today
<title>Geneva</title>	Talks in Geneva end without a breakthrough
<title>x</title><script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "The Example Gazette"}, {"@type": "NewsArticle", "headline": "Talks end", "author": {"@type": "Person", "name": "A. Writer"}}]}</script>	Talks end
<title>Talks end without a deal</title><script type="application/ld+json">{"@type": ["NewsArticle"], "name": "Geneva talks", "headline": "Talks end without a deal"}</script>	Talks end without a deal
<title>Elsewhere</title><script type="application/ld+json">{"@type": "NewsArticle", "name": "Geneva talks", "headline": "Talks end without a deal"}</script>	Geneva talks
<title>Talks end without a deal, said the envoy</title><script type="application/ld+json">{"@type": "Organization", "name": "The Example Gazette"}</script>	Talks end without a deal, said the envoy
<title>x</title><meta name="dc.title" content="By name"><meta property="dc:title" content="By property">	By property
<title>x</title><meta property="x:title og:title" content="Open Graph, among others">	Open Graph, among others
<title>x</title><meta name="title" content="Meta title"><meta name="twitter:title" content="Twitter title">	Meta title
EOF2
[ $n -eq 13 ] || fail "$n title cases"

if "$bin/feedd-parse" --extract /dev/null 2> "$tmp/err"; then
	fail "an empty page gave a story"
fi
grep -q "no story found" "$tmp/err" || fail "$(cat "$tmp/err")"
exit 0
