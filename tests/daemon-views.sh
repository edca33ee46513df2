#!/bin/sh
# SPDX-License-Identifier: ISC
# A feed per source and per tag: /sources/NAME.atom and /tags/TAG.atom
# beside /feed.atom, each with ETag, Last-Modified, 304 and gzip, each
# read by python3-feedparser with only its own entries; a source added by
# SIGHUP changes its tag's feed (a new ETag); unknown names are 404.
# feedd-atom --source and --tag make the same feeds from the folder, with
# the tags the daemon wrote into its journal.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need curl python3 xmllint gzip
py=$(python_with_feedparser)

start_server
cp "$data/parse/meta-rss.xml" "$data/parse/meta-atom.xml" \
    "$data/parse/rss20.xml" "$tmp/doc/"
hp=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
listen=127.0.0.1:$hp
u=http://$listen
feedd_conf "pod=$base/feed/meta-rss.xml" "blog=$base/feed/meta-atom.xml"
# Tags in each source's section, as a person writes them.
awk '{ print } /^\[source "pod"\]/ { print "tags = audio, science" }
    /^\[source "blog"\]/ { print "tags = tech" }' "$tmp/feedd.conf" > "$tmp/c"
mv "$tmp/c" "$tmp/feedd.conf"
printf '[feed]\nself = %s/feed.atom\n' "$u" >> "$tmp/feedd.conf"
rm -f "$tmp/log"	# a match of the last run's log is no start
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
trap 'kill -9 $pid $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
i=0
until [ "$(curl -s "$u/feed.atom" | grep -c '<entry>')" -eq 6 ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "no feed: $(cat "$tmp/log")"
	sleep 0.05
done

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# view PATH N: PATH is a valid feed of N entries, served as the main one.
view() {
	curl -s -D "$tmp/h" -o "$tmp/v.atom" "$u$1"
	grep -q '^HTTP/1.1 200' "$tmp/h" || fail "$1: $(head -1 "$tmp/h")"
	xmllint --noout "$tmp/v.atom" || fail "$1: not XML"
	[ "$(grep -c '<entry>' "$tmp/v.atom")" -eq "$2" ] ||
	    fail "$1: $(grep -c '<entry>' "$tmp/v.atom") entries, want $2"
	etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\(.*\)\r$/\1/p' "$tmp/h")
	lm=$(sed -n 's/^[Ll]ast-[Mm]odified: *\(.*\)\r$/\1/p' "$tmp/h")
	[ -n "$etag" ] && [ -n "$lm" ] || fail "$1: no validators"
	[ "$(code -H "If-None-Match: $etag" "$u$1")" = 304 ] || fail "$1: not 304"
	[ "$(code -H "If-Modified-Since: $lm" "$u$1")" = 304 ] || fail "$1: IMS"
	curl -s -H 'Accept-Encoding: gzip' -D "$tmp/gh" -o "$tmp/v.gz" "$u$1"
	grep -qi '^content-encoding: gzip' "$tmp/gh" || fail "$1: not gzip"
	gzip -dc "$tmp/v.gz" | cmp -s - "$tmp/v.atom" || fail "$1: gzip differs"
	grep -q "<link rel=\"self\" type=\"application/atom+xml\" href=\"$u$1\"/>" \
	    "$tmp/v.atom" || fail "$1: self link"
}
# titles PATH SOURCE...: feedparser reads PATH; every entry is of one of
# the SOURCE titles, and the feed's id is its own.
titles() {
	path=$1
	shift
	curl -s "$u$path" > "$tmp/t.atom"
	"$py" - "$tmp/t.atom" "$path" "$@" <<'PY' || fail "feedparser: $path"
import sys
import feedparser
d = feedparser.parse(sys.argv[1])
assert not d.bozo, d.bozo_exception
kind, name = sys.argv[2].strip("/")[:-len(".atom")].split("/")
assert d.feed.id.endswith(":%s:%s" % (kind, name)), d.feed.id
got = sorted(set(e.source.title for e in d.entries))
assert got == sorted(sys.argv[3:]), got
PY
}

view /sources/pod.atom 4
titles /sources/pod.atom "Podcast of the week"
view /sources/blog.atom 2
view /tags/audio.atom 4
view /tags/science.atom 4
view /tags/tech.atom 2
titles /tags/tech.atom "A blog"
for bad in /sources/nope.atom /tags/nope.atom /sources/.hidden.atom \
    /sources/pod /sources/../feed.atom /tags/.atom /sources/a%2Fb.atom; do
	[ "$(code --path-as-is "$u$bad")" = 404 ] || fail "$bad: $(code --path-as-is "$u$bad")"
done

# A source with tag tech comes by SIGHUP: the tag's feed changes.
curl -s -D "$tmp/h" -o /dev/null "$u/tags/tech.atom"
etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\(.*\)\r$/\1/p' "$tmp/h")
printf '[source "gazette"]\nurl = %s\ntags = tech\n' "$base/feed/rss20.xml" \
    >> "$tmp/feedd.conf"
kill -HUP $pid
i=0
until [ "$(curl -s "$u/tags/tech.atom" | grep -c '<entry>')" -eq 5 ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "the tag's feed did not change: $(cat "$tmp/log")"
	sleep 0.05
done
[ "$(code -H "If-None-Match: $etag" "$u/tags/tech.atom")" = 200 ] ||
    fail "the old ETag still holds"
titles /tags/tech.atom "A blog" "The Example Gazette – World"
view /sources/pod.atom 4

# feedd-atom, from the folder: the same entries (the tags are in its
# journal, written by the daemon).
kill -TERM $pid
wait $pid || fail "exit $?"
a=$tmp/state/articles
ids() { grep -o '<id>urn:uuid:[^<]*</id>' | sort; }
"$bin/feedd-atom" --source pod "$a" > "$tmp/fa.atom" || fail "feedd-atom --source"
[ "$(ids < "$tmp/fa.atom" | wc -l)" -eq 4 ] || fail "feedd-atom --source pod: $(ids < "$tmp/fa.atom" | wc -l)"
"$bin/feedd-atom" --tag tech --max 0 "$a" > "$tmp/fa.atom" || fail "feedd-atom --tag"
[ "$(ids < "$tmp/fa.atom" | wc -l)" -eq 5 ] || fail "feedd-atom --tag tech: $(ids < "$tmp/fa.atom" | wc -l)"
"$bin/feedd-atom" --tag nope "$a" > "$tmp/fa.atom" || fail "feedd-atom --tag nope"
[ "$(ids < "$tmp/fa.atom" | wc -l)" -eq 0 ] || fail "feedd-atom --tag nope"
"$bin/feedd-atom" --source pod --tag tech "$a" > /dev/null 2>&1 &&
    fail "--source with --tag accepted"
# --export-opml gives each feed's own title, as the collection knows it,
# and its name, which --import-opml keeps.
"$bin/feedd" -c "$tmp/feedd.conf" --export-opml > "$tmp/out.opml" || fail "export"
grep -q '<outline type="rss" text="Podcast of the week" title="Podcast of the week" xmlUrl="[^"]*" feeddName="pod"/>' \
    "$tmp/out.opml" || fail "export: $(cat "$tmp/out.opml")"
"$bin/feedd" --import-opml "$tmp/out.opml" > "$tmp/again" || fail "import"
grep -qx '\[source "pod"\]' "$tmp/again" || fail "name: $(cat "$tmp/again")"
grep -qx '; Podcast of the week' "$tmp/again" || fail "title: $(cat "$tmp/again")"
exit 0
