#!/bin/sh
# SPDX-License-Identifier: ISC
# One feed never touches another's articles:
# - a feed whose items carry new guids and the links of another source's
#   articles (http where those are https) gets articles of its own, and
#   the other source's files stay byte for byte as they were;
# - two sources without guids serving the same links each keep their own
#   articles, and fetched again neither rewrites the other's;
# - a collection written before link identities were qualified by the
#   source (no journal, the old names) is found as it is: nothing is
#   written twice, and each article is its source's from then on;
# - keep counts per source: a flood of items is pruned to its own keep,
#   and a quiet source's articles all stay; fetched again, its older items
#   are not written only to be pruned.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need python3

start_server
python3 - "$tmp/doc" <<'PY'
import sys
d = sys.argv[1]
def rss(name, items):
    with open("%s/%s.xml" % (d, name), "w") as f:
        f.write('<rss version="2.0"><channel><title>%s</title>'
                '<link>https://%s.example.org/</link>%s</channel></rss>'
                % (name, name, "".join(items)))
day = "<pubDate>Mon, %02d Jan 2022 10:00:00 GMT</pubDate>"
rss("victim", ["<item><title>Victim %d</title><guid>v-%d</guid>"
               "<link>https://victim.example.org/%d</link>" % (i, i, i) +
               day % (i + 1) + "<description>True story %d.</description>"
               "</item>" % i for i in range(20)])
rss("attacker", ["<item><title>Hijacked %d</title><guid>a-%d</guid>"
                 "<link>http://victim.example.org/%d</link>" % (i, i, i) +
                 day % (i + 1) + "<description>Lies %d.</description>"
                 "</item>" % i for i in range(20)])
# No guids: the same links in two sources, other text in each.
for name in ("plain", "copy"):
    rss(name, ["<item><title>%s %d</title>"
               "<link>https://shared.example.org/%d</link>" % (name, i, i) +
               day % (i + 1) + "<description>%s text %d.</description>"
               "</item>" % (name, i) for i in range(10)])
rss("flood", ["<item><title>Flood %d</title><guid>f-%d</guid>"
              "<link>https://flood.example.org/%d</link>"
              "<pubDate>Tue, 01 Feb 2022 %02d:%02d:00 GMT</pubDate>"
              "</item>" % (i, i, i, i // 60, i % 60) for i in range(500)])
PY
a=$tmp/state/articles
run() {
	"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err" ||
	    fail "run: $(cat "$tmp/err")"
}
# The files whose URL is https on host S.example.org, with their bytes.
snapshot() {
	for f in $(grep -l "^https://$1.example.org/" "$a"/*.txt); do
		echo "$f $(sha256sum < "$f")"
	done
}

feedd_conf "victim=$base/feed/victim.xml" "plain=$base/feed/plain.xml"
run
snapshot victim > "$tmp/victim.before"
[ "$(wc -l < "$tmp/victim.before")" -eq 20 ] || fail "victim: $(cat "$tmp/err")"
grep -l '^https://shared.example.org/' "$a"/*.txt > "$tmp/plain.files"
[ "$(wc -l < "$tmp/plain.files")" -eq 10 ] || fail "plain: $(cat "$tmp/err")"
cat $(cat "$tmp/plain.files") | sha256sum > "$tmp/plain.before"

# The attacker and the copy come; each source fetched twice more, in
# full (no validators), as a daemon would over hours.
feedd_conf "victim=$base/feed/victim.xml" "plain=$base/feed/plain.xml" \
    "attacker=$base/feed/attacker.xml" "copy=$base/feed/copy.xml"
for round in 1 2 3; do
	rm -f "$tmp/state/state"
	run
	cp "$tmp/err" "$tmp/err.$round"
done
grep -q 'attacker: 20 new, 0 updated$' "$tmp/err.1" ||
    fail "attacker's items are not its own: $(cat "$tmp/err.1")"
grep -q 'copy: 10 new, 0 updated$' "$tmp/err.1" ||
    fail "copy's items are not its own: $(cat "$tmp/err.1")"
grep -E ': [0-9]+ new, ' "$tmp/err.2" "$tmp/err.3" &&
    fail "sources rewrite each other's articles"
snapshot victim > "$tmp/victim.after"
cmp -s "$tmp/victim.before" "$tmp/victim.after" ||
    fail "the victim's articles changed: $(diff "$tmp/victim.before" "$tmp/victim.after")"
cat $(cat "$tmp/plain.files") | sha256sum | cmp -s - "$tmp/plain.before" ||
    fail "plain's articles changed"
[ "$(grep -l '^Hijacked' "$a"/*.txt | wc -l)" -eq 20 ] || fail "attacker's own"
[ "$(grep -l '^copy ' "$a"/*.txt | wc -l)" -eq 10 ] || fail "copy's own"
[ "$(ls "$a" | wc -l)" -eq 60 ] || fail "$(ls "$a" | wc -l) articles, want 60"
grep -q "src=attacker" "$a/.meta" && grep -q "src=victim" "$a/.meta" ||
    fail "journal: $(cat "$a/.meta")"

# A collection of the old version: plain's articles under the names that
# the link alone made (feedd-link\0LINK), no journal, no index, no state.
mv "$tmp/state" "$tmp/newer"
mkdir -p "$a"
python3 - "$tmp/newer/articles" "$a" $(cat "$tmp/plain.files") <<'PY'
import hashlib, os, sys
src, dst = sys.argv[1], sys.argv[2]
for path in sys.argv[3:]:
    path = os.path.join(src, os.path.basename(path))
    text = open(path, "rb").read()
    link = text.split(b"\n")[2]
    h = hashlib.sha256(b"feedd-link\0" + link).digest()[:8].hex()
    seq = os.path.basename(path).split("_")[0]
    open(os.path.join(dst, "%s_%s.txt" % (seq, h)), "wb").write(text)
PY
ls "$a" > "$tmp/legacy.names"
feedd_conf "plain=$base/feed/plain.xml"
run
grep -q 'plain: [0-9]* new' "$tmp/err" && fail "old articles written again: $(cat "$tmp/err")"
for f in $(cat "$tmp/legacy.names"); do
	[ -f "$a/$f" ] || fail "$f: gone"
	h=${f#*_}
	grep -q "^${h%.txt} src=plain " "$a/.meta" || fail "$f: not plain's"
done
[ "$(ls "$a" | wc -l)" -eq 10 ] || fail "$(ls "$a" | wc -l) articles, want 10"
# Now plain's: another source with the same links has its own.
feedd_conf "copy=$base/feed/copy.xml" "plain=$base/feed/plain.xml"
rm -f "$tmp/state/state"
run
grep -q 'copy: 10 new, 0 updated$' "$tmp/err" || fail "copy took plain's: $(cat "$tmp/err")"
grep -q 'plain: [0-9]* new' "$tmp/err" && fail "plain's changed: $(cat "$tmp/err")"
[ "$(ls "$a" | wc -l)" -eq 20 ] || fail "$(ls "$a" | wc -l) articles, want 20"
for f in $(cat "$tmp/legacy.names"); do
	[ "$(sed -n 1p "$a/$f" | cut -c1-6)" = "plain " ] || fail "$f: not plain's text"
done
rm -f "$tmp/state/state"
run
grep -E ': [0-9]+ new, ' "$tmp/err" && fail "the old articles changed"

# keep per source: a flood of 500 items is kept whole with keep = 500;
# then its own keep of 50 prunes 450 (in slices), and nothing of plain's
# or copy's goes.
extra='keep = 500'
feedd_conf "copy=$base/feed/copy.xml" "plain=$base/feed/plain.xml" \
    "flood=$base/feed/flood.xml"
run
grep -q 'flood: 500 new, 0 updated$' "$tmp/err" || fail "flood: $(cat "$tmp/err")"
printf 'keep = 50\n' >> "$tmp/feedd.conf"
run
grep -q 'pruned 450 old articles' "$tmp/err" || fail "prune: $(cat "$tmp/err")"
[ "$(grep -l '^https://flood' "$a"/*.txt | wc -l)" -eq 50 ] || fail "flood kept"
[ "$(ls "$a" | wc -l)" -eq 70 ] || fail "$(ls "$a" | wc -l) articles, want 70"
# The newest fifty of the flood (items 450 to 499).
grep -q '^https://flood.example.org/450$' "$a"/*.txt || fail "flood 450 pruned"
grep -q '^https://flood.example.org/449$' "$a"/*.txt && fail "flood 449 kept"
[ "$(grep -c '<entry>' "$tmp/state/feed.atom")" -eq 70 ] || fail "feed after prune"
# Fetched again in full: the 450 older items are not written again only
# to be pruned (a source stores its keep newest items of a document).
rm -f "$tmp/state/state"
run
grep -E ': [0-9]+ new, ' "$tmp/err" && fail "pruned items came back"
grep -q pruned "$tmp/err" && fail "pruned again: $(cat "$tmp/err")"
[ "$(ls "$a" | wc -l)" -eq 70 ] || fail "$(ls "$a" | wc -l) articles, want 70"
exit 0
