#!/bin/sh
# SPDX-License-Identifier: ISC
# feedd --once against the test server: new items written; a second fetch
# answered 304 rewrites nothing; the ETag survives a restart; a 301 moves
# the source; 429 with Retry-After delays the next fetch; repeated 500s
# back off; a body over max_size fails the source; a redirect to file://
# is refused; failures are named with source and URL, and set the status;
# Cache-Control max-age and Expires raise the interval, up to a day.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

start_server
cp "$data/parse/rss20.xml" "$data/parse/atom10.xml" "$tmp/doc/"
extra='max_size = 64K'
feedd_conf "gazette=$base/feed/rss20.xml" "blog=$base/moved/atom10.xml" \
    "busy=$base/status/429/7200" "broken=$base/status/500/0" \
    "huge=$base/big/200" "sneaky=$base/to-file"
run() {
	"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err"
}

before=$(date +%s)
if run; then fail "exit 0 with failing sources"; fi
a=$tmp/state/articles
[ "$(ls "$a" | wc -l)" -eq 6 ] || fail "articles: $(ls "$a")"
grep -q '^gazette: 3 new' "$tmp/err" 2>/dev/null ||
    grep -q 'gazette: 3 new, 0 updated' "$tmp/err" || fail "$(cat "$tmp/err")"
for s in busy broken huge sneaky; do
	grep -q "feedd: warning: $s: failed" "$tmp/err" || fail "$s not named"
done
grep -q "huge: $base/big/200: the body is larger than max_size" "$tmp/err" ||
    fail "max_size: $(cat "$tmp/err")"
grep -q "sneaky: $base/to-file: .*file" "$tmp/err" || fail "file://: $(cat "$tmp/err")"
grep -q "GET /etc/passwd" "$tmp/requests" && fail "followed to a file"
grep -q "blog: moved permanently to $base/feed/atom10.xml" "$tmp/err" ||
    fail "301: $(cat "$tmp/err")"
[ "$(state_field blog 2)" = "$base/feed/atom10.xml" ] || fail "301 not kept"
etag=$(state_field gazette 4)
[ -n "$etag" ] || fail "no ETag in the state"
next=$(state_field busy 6)
[ "$next" -ge $((before + 7200)) ] || fail "Retry-After: next $next"
xmllint --noout "$tmp/state/feed.atom" || fail "feed.atom"
[ "$(grep -c '<entry>' "$tmp/state/feed.atom")" -eq 6 ] || fail "feed entries"
# Entries carry the item's own time; <ttl>30</ttl> raised nothing (30m).
grep -q '<updated>2022-01-17T21:45:10Z</updated>' "$tmp/state/feed.atom" ||
    fail "the item's time is not in feed.atom"
[ "$(state_field gazette 9)" -eq 1800 ] || fail "ttl: $(state_field gazette 9)"
grep -q "^GET /feed/rss20.xml etag=- ua=feedd/[0-9.]* " "$tmp/requests" ||
    fail "User-Agent: $(grep rss20 "$tmp/requests")"

# Again, as a restart: validators sent, 304s, nothing rewritten.
listing() { (cd "$a" && ls -il --time-style=+%s.%N) | tr '\n' ' '; }
files=$(listing)
feed=$(ls -il --time-style=+%s.%N "$tmp/state/feed.atom")
: > "$tmp/requests"
run || true
[ "$(ls -il --time-style=+%s.%N "$tmp/state/feed.atom")" = "$feed" ] ||
    fail "feed.atom rewritten with nothing new"
grep -q "GET /feed/rss20.xml etag=$etag" "$tmp/requests" ||
    fail "ETag not sent after a restart: $(cat "$tmp/requests")"
grep -q "GET /moved/" "$tmp/requests" && fail "the old URL was fetched"
[ "$(listing)" = "$files" ] || fail "files rewritten"
grep -q 'gazette:' "$tmp/err" && fail "a line for an unchanged feed"

# A third failure in a row: the wait doubles each time (interval 30m).
run || true
[ "$(state_field broken 7)" -eq 3 ] || fail "failures: $(state_field broken 7)"
now=$(date +%s)
next=$(state_field broken 6)
[ "$next" -ge $((now + 4 * 1800 - 5)) ] && [ "$next" -le $((now + 4 * 1980 + 5)) ] ||
    fail "backoff: next in $((next - now))s, want 7200 to 7920"

# --explain: what a fetch would do, writing nothing.
cp "$tmp/state/state" "$tmp/state.before"
"$bin/feedd" --explain gazette -c "$tmp/feedd.conf" > "$tmp/explain" ||
    fail "explain: $(cat "$tmp/explain")"
grep -q "^If-None-Match: $etag" "$tmp/explain" || fail "explain: no validator"
grep -q '^status: 304' "$tmp/explain" || fail "explain: $(cat "$tmp/explain")"
sed -i 's/Stocks held steady/Stocks held firm/' "$tmp/doc/rss20.xml"
"$bin/feedd" --explain gazette -c "$tmp/feedd.conf" > "$tmp/explain" ||
    fail "explain: $(cat "$tmp/explain")"
grep -q '^format: rss2.0' "$tmp/explain" || fail "explain: no format"
grep -q '^  date: 20220116 from pubDate "Sun, 16 Jan 2022 09:00:00 GMT"' \
    "$tmp/explain" || fail "explain: no date source"
[ "$(grep -c '^  would be: duplicate' "$tmp/explain")" -eq 2 ] ||
    fail "explain: duplicates"
[ "$(grep -c '^  would be: updated' "$tmp/explain")" -eq 1 ] ||
    fail "explain: updated"
[ "$(listing)" = "$files" ] || fail "explain wrote articles"
cmp -s "$tmp/state/state" "$tmp/state.before" || fail "explain wrote the state"
if "$bin/feedd" --explain nosuch -c "$tmp/feedd.conf" 2> "$tmp/err"; then
	fail "explain of no source"
fi
grep -q 'no source "nosuch"' "$tmp/err" || fail "$(cat "$tmp/err")"

# A changed feed: the changed article is replaced under its name.
run || true
grep -q 'gazette: 0 new, 1 updated' "$tmp/err" || fail "update: $(cat "$tmp/err")"
[ "$(ls "$a" | wc -l)" -eq 6 ] || fail "update made a file"
grep -l 'held firm' "$a"/*.txt > /dev/null || fail "update not written"

# A feed that rewrites its guids (http to https) floods nothing: the
# same links are the same articles.
sed -i 's|<guid isPermaLink="false">https://gazette|<guid isPermaLink="false">http://gazette|;
    s|<guid>https://gazette|<guid>http://gazette|g' "$tmp/doc/rss20.xml"
run || true
[ "$(ls "$a" | wc -l)" -eq 6 ] || fail "new guids made files: $(ls "$a")"

# A source's own User-Agent, for CDNs that refuse unknown clients.
printf 'user_agent = Mozilla/5.0 (compatible; test)\n' >> "$tmp/feedd.conf"
: > "$tmp/requests"
run || true
grep -q "ua=Mozilla/5.0 (compatible; test)" "$tmp/requests" ||
    fail "per-source User-Agent: $(cat "$tmp/requests")"

# keep, per source: each source's oldest articles go (gazette's of the
# 15th, blog's of the 14th); the newest stay, and so does the feed.
extra='keep = 2'
feedd_conf "gazette=$base/feed/rss20.xml" "blog=$base/feed/atom10.xml"
run || fail "keep run: $(cat "$tmp/err")"
[ "$(ls "$a" | wc -l)" -eq 4 ] || fail "keep = 2: $(ls "$a")"
grep -q 'pruned 2 old articles' "$tmp/err" || fail "no prune line: $(cat "$tmp/err")"
for f in "$a"/*.txt; do
	case $(sed -n 2,3p "$f" | tr '\n' ' ') in
	"20220117 "*|"20220116 https://gazette"*|"20220115 https://blog"*) ;;
	*) fail "kept an old one: $f: $(sed -n 2,3p "$f")" ;;
	esac
done
[ "$(grep -c '<entry>' "$tmp/state/feed.atom")" -eq 4 ] || fail "feed after prune"
# A source's own keep (in its section, the last one: blog's).
printf 'keep = 1\n' >> "$tmp/feedd.conf"
run || fail "keep run: $(cat "$tmp/err")"
[ "$(grep -l '^https://blog' "$a"/*.txt | wc -l)" -eq 1 ] || fail "blog keep = 1: $(ls "$a")"
grep -q '^https://blog.example.com/2022/01/fsync.html$' "$a"/*.txt || fail "blog's newest gone"
[ "$(grep -l '^https://gazette' "$a"/*.txt | wc -l)" -eq 2 ] || fail "gazette's pruned by blog's keep"
# Cache-Control max-age and Expires raise the interval (30m) to what the
# publisher asks; never above a day.
feedd_conf "maxage=$base/cached/7200/rss20.xml" \
    "expires=$base/expires/10000/atom10.xml" "huge=$base/cached/999999/rss10.xml"
cp "$data/parse/rss10.xml" "$tmp/doc/"
rm -rf "$tmp/state"
before=$(date +%s)
run || fail "politeness: $(cat "$tmp/err")"
[ "$(state_field maxage 9)" -eq 7200 ] || fail "max-age: $(state_field maxage 9)"
[ "$(state_field expires 9)" -ge 9990 ] && [ "$(state_field expires 9)" -le 10000 ] ||
    fail "Expires: $(state_field expires 9)"
[ "$(state_field huge 9)" -eq 86400 ] || fail "a day at most: $(state_field huge 9)"
[ "$(state_field maxage 6)" -ge $((before + 7200)) ] || fail "next before max-age"

# On a terminal, --once's progress line stays under the log: it is
# cleared before each log line and drawn again after it, never glued to
# one ("...new articlesfeedd: info: ...").
if command -v script > /dev/null; then
	rm -rf "$tmp/state"
	feedd_conf "gazette=$base/feed/rss20.xml" "gone=$base/status/404/0" \
	    "blog=$base/feed/atom10.xml"
	script -qec "'$bin/feedd' --once -c '$tmp/feedd.conf'" /dev/null \
	    > "$tmp/tty" 2>&1 || true
	grep -q 'of 3 sources' "$tmp/tty" || fail "no progress: $(cat "$tmp/tty")"
	python3 - "$tmp/tty" <<'PY' || fail "progress glued to the log: $(cat -v "$tmp/tty")"
import sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
assert "articlesfeedd" not in text, text
# What a terminal shows: each \r and erase starts the line anew.
for line in text.replace("\r\n", "\n").split("\n"):
    shown = line.split("\r")[-1].replace("\x1b[K", "")
    assert shown.count("feedd:") <= 1, repr(line)
PY
fi

exit 0
