#!/bin/sh
# SPDX-License-Identifier: ISC
# kill -9 at any moment of a run loses nothing and tears nothing: after a
# restart every file is a whole article, no temp file is left, and no item
# is there twice.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need python3

start_server
python3 - "$tmp/doc" <<'PY'
import sys
for f in range(40):
    items = "".join(
        "<item><title>Feed %d item %d</title><link>https://news.example.org/%d/%d</link>"
        "<guid>f%d-i%d</guid><pubDate>Mon, %02d Jan 2022 10:00:00 GMT</pubDate>"
        "<description>&lt;p&gt;Paragraph one of %d/%d.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;</description></item>"
        % (f, i, f, i, f, i, i % 28 + 1, f, i) for i in range(30))
    open("%s/f%d.xml" % (sys.argv[1], f), "w").write(
        '<rss version="2.0"><channel><title>F%d</title><link>https://news.example.org/</link>%s</channel></rss>' % (f, items))
PY
set --
i=0
while [ $i -lt 40 ]; do
	set -- "$@" "f$i=$base/feed/f$i.xml"
	i=$((i + 1))
done
feedd_conf "$@"

# Runs killed at different moments (before, during and after the first
# commit, which the housekeeping timer makes at 0.5 s), then one that
# finishes.
for delay in 0.05 0.3 0.55 0.6 0.62 0.65 0.68 0.75; do
	"$bin/feedd" --once -c "$tmp/feedd.conf" 2> /dev/null &
	pid=$!
	sleep $delay
	kill -9 $pid 2> /dev/null || true
	wait $pid 2> /dev/null || true
done
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err" || fail "$(cat "$tmp/err")"

a=$tmp/state/articles
[ -z "$(ls -A "$a" | grep '^\.tmp\.')" ] || fail "temp files left: $(ls -A "$a" | grep '^\.tmp\.')"
n=$(ls "$a" | wc -l)
[ "$n" -eq 1200 ] || fail "$n articles, want 1200"
dups=$(ls "$a" | sed 's/^[0-9]*_//' | sort | uniq -d | wc -l)
[ "$dups" -eq 0 ] || fail "$dups identities twice"
seqs=$(ls "$a" | sed 's/_.*//' | sort | uniq -d | wc -l)
[ "$seqs" -eq 0 ] || fail "$seqs sequence numbers twice"
"$bin/feedd-atom" --max 0 "$a" > "$tmp/all.atom" 2> "$tmp/err"
[ ! -s "$tmp/err" ] || fail "torn or bad files: $(head -5 "$tmp/err")"
[ "$(grep -c '<entry>' "$tmp/all.atom")" -eq 1200 ] || fail "entries"

# The run that finished saved the index; one more run, its validators
# forgotten so that every feed comes whole, opens the store from the index
# (reading no article), finds every item known and writes nothing.
[ "$(head -n 1 "$a/.index")" = "feedd-index 1" ] || fail "no index saved"
[ "$(grep -c . "$a/.index")" -eq 1201 ] || fail "index: $(grep -c . "$a/.index") lines"
ls -l --time-style=+%s.%N "$a" > "$tmp/before"
rm "$tmp/state/state"
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err" || fail "$(cat "$tmp/err")"
grep -q 'new' "$tmp/err" && fail "a run from the index wrote: $(grep new "$tmp/err" | head -3)"
ls -l --time-style=+%s.%N "$a" > "$tmp/after"
cmp -s "$tmp/before" "$tmp/after" || fail "a run from the index changed the folder"
exit 0
