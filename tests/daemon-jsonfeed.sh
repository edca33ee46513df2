#!/bin/sh
# SPDX-License-Identifier: ISC
# A JSON Feed fetched by the daemon over HTTP, though the server calls it
# application/xml: the document itself says what it is.  Its items become
# articles, and the collection's feed carries their authors, tags and
# attachments; a JSON document that is no JSON Feed fails its source,
# named with its URL and the reason.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need xmllint

start_server
cp "$data/parse/json11.jsonfeed" "$data/parse/json-not-feed.jsonfeed" "$tmp/doc/"
feedd_conf "jf=$base/feed/json11.jsonfeed" "notjf=$base/feed/json-not-feed.jsonfeed"
if "$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err"; then
	fail "exit 0 with a failing source"
fi
a=$tmp/state/articles
[ "$(ls "$a" | wc -l)" -eq 3 ] || fail "articles: $(ls "$a"); $(cat "$tmp/err")"
grep -q "notjf: $base/feed/json-not-feed.jsonfeed: .*not a JSON Feed" "$tmp/err" ||
    fail "the bad source: $(cat "$tmp/err")"
f=$(grep -l '^HTML content$' "$a"/*.txt) || fail "no article 'HTML content'"
[ "$(sed -n 3p "$f")" = https://json.example.org/posts/1 ] || fail "url: $(sed -n 3p "$f")"
[ "$(sed -n 4p "$f")" = "First paragraph." ] || fail "body: $(cat "$f")"
xmllint --noout "$tmp/state/feed.atom" || fail "feed.atom is not XML"
grep -q '<name>Ada</name>' "$tmp/state/feed.atom" || fail "no author"
grep -q '<category term="feeds"' "$tmp/state/feed.atom" || fail "no tag"
grep "rel=\"enclosure\"" "$tmp/state/feed.atom" | grep -q "https://json.example.org/media/1.mp3" ||
    fail "no attachment: $(grep enclosure "$tmp/state/feed.atom")"
exit 0
