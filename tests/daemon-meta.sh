#!/bin/sh
# SPDX-License-Identifier: ISC
# Where each article came from, as subscribers see it: python3-feedparser
# reads /feed.atom of a running daemon and finds, for each entry, its
# <source> (the source feed's title and URL), its authors, categories,
# enclosures and published time, as the source feeds gave them.  The
# metadata outlives a restart and a kill -9 (it is in the journal, with
# the article).  The window is by arrival: sources added by SIGHUP whose
# items are dated 2008 still reach the feed, which holds the articles
# seen last.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need curl python3
py=$(python_with_feedparser)

start_server
cp "$data/parse/meta-rss.xml" "$data/parse/meta-atom.xml" "$tmp/doc/"
python3 - "$tmp/doc" <<'PY'
import sys
d = sys.argv[1]
for name in ("old1", "old2"):
    with open("%s/%s.xml" % (d, name), "w") as f:
        f.write('<rss version="2.0"><channel><title>%s</title>'
                '<link>https://%s.example.org/</link>' % (name, name))
        for i in range(3):
            f.write("<item><title>%s %d</title><guid>%s-%d</guid>"
                    "<link>https://%s.example.org/%d</link>"
                    "<pubDate>Tue, 0%d Jan 2008 10:00:00 GMT</pubDate>"
                    "<category>archive</category></item>"
                    % (name, i, name, i, name, i, i + 1))
        f.write("</channel></rss>")
PY
hp=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
listen=127.0.0.1:$hp
u=http://$listen
feedd_conf "pod=$base/feed/meta-rss.xml" "blog=$base/feed/meta-atom.xml"
printf '[feed]\nentries = 6\n' >> "$tmp/feedd.conf"
start() {
	"$bin/feedd" -c "$tmp/feedd.conf" 2>> "$tmp/log" &
	pid=$!
	trap 'kill -9 $pid $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
}
# until_entries N: until /feed.atom has N entries.
until_entries() {
	i=0
	until [ "$(curl -s "$u/feed.atom" | grep -c '<entry>')" -eq "$1" ]; do
		i=$((i + 1))
		[ $i -lt 200 ] || fail "no feed of $1 entries: $(cat "$tmp/log")"
		sleep 0.05
	done
}
# check: what feedparser reads in /feed.atom of the podcast and the blog.
check() {
	curl -s "$u/feed.atom" > "$tmp/feed.atom"
	"$py" - "$tmp/feed.atom" "$base" <<'PY' || fail "feedparser: $1"
import sys
import feedparser

d = feedparser.parse(sys.argv[1])
base = sys.argv[2]
assert not d.bozo, d.bozo_exception
by = {e.title: e for e in d.entries}
e = by["Episode 1"]
assert e.source.title == "Podcast of the week", e.source
assert e.source.get("href") == base + "/feed/meta-rss.xml" or \
    any(l.href == base + "/feed/meta-rss.xml" for l in e.source.links), e.source
assert [a.name for a in e.authors] == ["Jo Bloggs"], e.authors
assert e.authors[0].email == "jo@pod.example.org", e.authors
assert [(t.term, t.scheme) for t in e.tags] == [
    ("Science", "https://pod.example.org/topics"), ("Space & time", None)], e.tags
enc = e.enclosures
assert [(x.href, x.type, x.get("length")) for x in enc] == [
    (base + "/media/ep1.mp3", "audio/mpeg", "12345678")], enc
assert e.published == "2022-01-17T10:00:00Z", e.published
e = by["Episode 2"]
assert [a.name for a in e.authors] == ["Ana Lima", "Bo Chen"], e.authors
assert [x.href for x in e.enclosures] == ["https://cdn.example.net/ep2.m4a"]
assert "published" not in e
# The feed's editor when the item names no author.
assert [a.name for a in by["Episode 4"].authors] == ["The Editor"]
e = by["With everything"]
assert e.source.title == "A blog" and e.source.id == "tag:blog.example.com,2022:feed", e.source
assert [(t.term, t.get("label")) for t in e.tags] == [
    ("c", "The C language"), ("unix", None)], e.tags
assert e.authors[0].href == "https://blog.example.com/about/jo", e.authors
assert e.published == "2022-01-16T09:00:00Z"
assert [(x.href, x.type) for x in e.enclosures] == [
    ("https://blog.example.com/files/talk.pdf", "application/pdf")]
print("feedparser: %d entries with their metadata" % len(d.entries))
PY
}

start
until_entries 6
check "first run"

# A restart: the journal is read back.
kill -TERM $pid
wait $pid || fail "exit $?"
start
until_entries 6
check "after a restart"

# kill -9, then a start: nothing of it is lost.
kill -9 $pid
wait $pid 2>/dev/null || true
start
until_entries 6
check "after kill -9"

# The window is by arrival: two sources whose items are dated 2008 come
# by SIGHUP; their six articles are the ones seen last, so the feed of
# six entries is theirs.
printf '[source "old1"]\nurl = %s\n[source "old2"]\nurl = %s\n' \
    "$base/feed/old1.xml" "$base/feed/old2.xml" >> "$tmp/feedd.conf"
kill -HUP $pid
i=0
until [ "$(curl -s "$u/feed.atom" | grep -c '<title>old[12] [0-9]</title>')" -eq 6 ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "old-dated arrivals not in the feed: $(curl -s "$u/feed.atom" | grep '<title>')"
	sleep 0.05
done
curl -s "$u/feed.atom" | grep -q '<updated>2008-01-0' || fail "their own dates"
kill -TERM $pid
wait $pid || fail "exit $?"
exit 0
