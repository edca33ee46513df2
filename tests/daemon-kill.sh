#!/bin/sh
# SPDX-License-Identifier: ISC
# kill -9 of the running daemon (not --once) at many moments while its
# feeds change loses nothing: between kills a third of the feeds gain
# items and have one title rewritten, and each restart finds the sources due at once
# (their next-fetch time in the state set to now, as if the interval had
# passed, with the validators kept, so fetches are conditional).  After
# the last kill one run to the end must leave exactly the feeds' items,
# each once, each with its latest title: an item whose fetch's validators
# were saved before its article was committed would be missing, since
# the server then answers 304.  No temp file is left, no file is torn.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need python3 awk

start_server
feeds=30
# write_feeds ROUND: the feeds as they are after round ROUND.  A round
# changes a third of them (f % 3 == ROUND % 3): the k-th change of a feed
# adds two items and retitles item k % 10.  The others stay as they were,
# so that their fetches are 304s.  Written aside and renamed: the server
# never serves half a file.
write_feeds() {
	python3 - "$tmp/doc" "$feeds" "$1" <<'PY'
import os, sys
d, feeds, rnd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for f in range(feeds):
    changes = len([r for r in range(rnd + 1) if r % 3 == f % 3])
    def version(i):
        return max([k for k in range(1, changes + 1) if k % 10 == i] or [0])
    items = []
    for i in range(10 + 2 * changes):
        items.append(
            "<item><title>Feed %d item %d v%d</title>"
            "<link>https://news.example.org/%d/%d</link><guid>f%d-i%d</guid>"
            "<pubDate>Mon, %02d Jan 2022 10:00:00 GMT</pubDate>"
            "<description>&lt;p&gt;Story %d/%d.&lt;/p&gt;</description></item>"
            % (f, i, version(i), f, i, f, i, i % 28 + 1, f, i))
    tmp = "%s/.f%d.xml" % (d, f)
    with open(tmp, "w") as out:
        out.write('<rss version="2.0"><channel><title>F%d</title>'
                  '<link>https://news.example.org/</link>%s</channel></rss>'
                  % (f, "".join(items)))
    os.rename(tmp, "%s/f%d.xml" % (d, f))
PY
}
# due: every source's next fetch now (field 6 of the state file).
due() {
	[ -f "$tmp/state/state" ] || return 0
	awk -F '\t' 'BEGIN { OFS = "\t" } NR > 1 { $6 = 0 } { print }' \
	    "$tmp/state/state" > "$tmp/state.new"
	mv "$tmp/state.new" "$tmp/state/state"
}

set --
i=0
while [ $i -lt $feeds ]; do
	set -- "$@" "f$i=$base/feed/f$i.xml"
	i=$((i + 1))
done
feedd_conf "$@"

# Kills before, during and after the fetches (spread over 0.6 s), the
# parses and the commits (every 0.5 s), in a fixed order.
round=0
for delay in 0.1 0.3 0.45 0.5 0.55 0.6 0.65 0.7 0.8 0.9 1.1 1.4 0.52 0.58 0.75; do
	write_feeds $round
	due
	"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log.$round" &
	pid=$!
	sleep $delay
	kill -9 $pid 2> /dev/null || true
	wait $pid 2> /dev/null || true
	round=$((round + 1))
done
due
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err" || fail "$(cat "$tmp/err")"
grep -q 'etag="' "$tmp/requests" ||
    fail "no conditional fetch: the test does not test validators"

a=$tmp/state/articles
[ -z "$(ls -A "$a" | grep '^\.tmp\.')" ] || fail "temp files left: $(ls -A "$a" | grep '^\.tmp\.')"
"$bin/feedd-atom" --max 0 "$a" > "$tmp/all.atom" 2> "$tmp/atom.err"
[ ! -s "$tmp/atom.err" ] || fail "torn or bad files: $(head -5 "$tmp/atom.err")"
dups=$(ls "$a" | sed 's/^[0-9]*_//' | sort | uniq -d | wc -l)
[ "$dups" -eq 0 ] || fail "$dups identities twice"
# What the feeds hold now, and what the collection holds: link and title.
python3 - "$tmp/doc" "$feeds" <<'PY' | sort > "$tmp/want"
import re, sys
d, feeds = sys.argv[1], int(sys.argv[2])
for f in range(feeds):
    doc = open("%s/f%d.xml" % (d, f)).read()
    for t, l in re.findall(r"<title>(Feed [^<]*)</title><link>([^<]*)</link>", doc):
        print(l, t)
PY
for f in "$a"/*.txt; do
	printf '%s %s\n' "$(sed -n 3p "$f")" "$(sed -n 1p "$f")"
done | sort > "$tmp/got"
[ "$(wc -l < "$tmp/want")" -gt $((feeds * 10)) ] ||
    fail "the test's own feeds: $(wc -l < "$tmp/want") items"
diff "$tmp/want" "$tmp/got" > "$tmp/diff" ||
    fail "the collection is not the feeds: $(head -20 "$tmp/diff")"
exit 0
