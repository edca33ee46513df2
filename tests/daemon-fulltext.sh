#!/bin/sh
# SPDX-License-Identifier: ISC
# fulltext = yes: each new item's own page is fetched by the same loop and
# its story replaces the feed's teaser; a page with less text than the
# feed keeps the feed's; a page that fails keeps the feed's text and is not
# fetched again; the page fetches are counted apart.  What the page says
# of itself mends the article: its date when the feed gave none, its
# canonical URL when the item's link was a redirect to another host (a
# tracking link), and neither otherwise.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

start_server
cp "$data/extract/news-site.html" "$tmp/doc/story.html"
echo '<html><body><p>Short.</p></body></html>' > "$tmp/doc/thin.html"
for n in 1 2; do
	sed 's|<head>|<head><meta property="article:published_time" content="2021-06-05T08:00:00Z"><link rel="canonical" href="https://news.example.org/2021/06/page'$n'">|' \
	    "$data/extract/news-site.html" > "$tmp/doc/page$n.html"
	grep -q 'canonical' "$tmp/doc/page$n.html" || fail "no <head> in news-site.html"
done
cat > "$tmp/doc/teasers.xml" <<XML
<rss version="2.0"><channel><title>Teasers</title><link>$base/</link>
<item><title>Talks end</title><link>$base/feed/story.html</link><guid>t1</guid>
<pubDate>Mon, 17 Jan 2022 10:00:00 GMT</pubDate><description>Diplomats met for seven hours...</description></item>
<item><title>Thin page</title><link>$base/feed/thin.html</link><guid>t2</guid>
<pubDate>Mon, 17 Jan 2022 09:00:00 GMT</pubDate><description>The feed's own text is longer than the page's story.</description></item>
<item><title>Tracked and undated</title><link>$base/track/page1.html</link><guid>t4</guid>
<description>Only a teaser.</description></item>
<item><title>Direct and dated</title><link>$base/feed/page2.html</link><guid>t5</guid>
<pubDate>Mon, 17 Jan 2022 07:00:00 GMT</pubDate><description>Only a teaser.</description></item>
<item><title>Gone</title><link>$base/feed/missing.html</link><guid>t3</guid>
<pubDate>Mon, 17 Jan 2022 08:00:00 GMT</pubDate><description>This page is not there.</description></item>
</channel></rss>
XML
feedd_conf "teasers=$base/feed/teasers.xml"
printf 'fulltext = yes\n' >> "$tmp/feedd.conf"
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err" || fail "$(cat "$tmp/err")"
a=$tmp/state/articles
story=$(grep -l '^Talks end$' "$a"/*.txt)
sed -n '4,$p' "$story" > "$tmp/body"
cmp -s "$tmp/body" "$data/extract/news-site.expected" ||
    fail "the story: $(diff "$tmp/body" "$data/extract/news-site.expected")"
grep -qx "The feed's own text is longer than the page's story." \
    "$(grep -l '^Thin page$' "$a"/*.txt)" || fail "thin page replaced the feed's text"
grep -qx 'This page is not there.' "$(grep -l '^Gone$' "$a"/*.txt)" ||
    fail "a failed page changed the article"
tracked=$(grep -l '^Tracked and undated$' "$a"/*.txt)
[ "$(sed -n 2p "$tracked")" = 20210605 ] || fail "the page's date: $(sed -n 2p "$tracked")"
[ "$(sed -n 3p "$tracked")" = https://news.example.org/2021/06/page1 ] ||
    fail "the canonical URL after a tracking redirect: $(sed -n 3p "$tracked")"
direct=$(grep -l '^Direct and dated$' "$a"/*.txt)
[ "$(sed -n 2p "$direct")" = 20220117 ] || fail "the feed's date replaced: $(sed -n 2p "$direct")"
[ "$(sed -n 3p "$direct")" = "$base/feed/page2.html" ] ||
    fail "a direct link replaced: $(sed -n 3p "$direct")"
for p in story thin missing; do
	[ "$(grep -c "GET /feed/$p.html" "$tmp/requests")" -eq 1 ] ||
	    fail "$p fetched $(grep -c "GET /feed/$p.html" "$tmp/requests") times"
done

# Again: the feed is unchanged (304), no page is fetched again.
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err" || fail "$(cat "$tmp/err")"
[ "$(grep -c 'GET /feed/missing.html' "$tmp/requests")" -eq 1 ] ||
    fail "a failed page was fetched again"
[ "$(grep -c 'GET /feed/story.html' "$tmp/requests")" -eq 1 ] ||
    fail "a page was fetched again"
cmp -s "$tmp/body" "$data/extract/news-site.expected" || fail "story lost"
exit 0
