#!/bin/sh
# SPDX-License-Identifier: ISC
# No feed makes more than its share: the daemon reads max_items items of a
# document (the first ones; a warning counts the rest), and every article
# is bounded when it is made: a title to 1 KB, a paragraph to 64 KB, a
# body to 1 MB, each cut at a character boundary and ending in "…".
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need python3 timeout

start_server
python3 - "$tmp/doc" <<'PY'
import sys
d = sys.argv[1]
with open(d + "/many.xml", "w") as f:
    f.write('<rss version="2.0"><channel><title>Many</title>'
            '<link>https://many.example.org/</link>')
    for i in range(20000):
        f.write("<item><title>t%d</title><link>https://many.example.org/%d"
                "</link></item>" % (i, i))
    f.write("</channel></rss>")
title = "\u00e9" * 3000                      # 6000 bytes of UTF-8
para = "word " * 30000                       # 150 KB
with open(d + "/big.xml", "w", encoding="utf-8") as f:
    f.write('<rss version="2.0"><channel><title>Big</title>'
            '<link>https://big.example.org/</link><item><title>%s</title>'
            '<link>https://big.example.org/1</link><description>%s'
            '</description></item></channel></rss>'
            % (title, "".join("&lt;p&gt;%d %s&lt;/p&gt;" % (k, para)
                              for k in range(20))))
PY
extra='max_items = 1000'
feedd_conf "many=$base/feed/many.xml" "big=$base/feed/big.xml"
rc=0
timeout 60 "$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/log" || rc=$?
[ $rc -eq 0 ] || fail "exit $rc: $(cat "$tmp/log")"
n=$(grep -l '^https://many.example.org/' "$tmp/state/articles"/*.txt | wc -l)
[ "$n" -eq 1000 ] || fail "$n articles of the 20000 items (max_items 1000)"
grep -q "many: 20000 items, of which the first 1000 were read (max_items)" \
    "$tmp/log" || fail "no warning: $(cat "$tmp/log")"
# The first ones in document order.
grep -q '^https://many.example.org/999$' "$tmp/state/articles"/*.txt ||
    fail "item 1000 not read"
grep -q '^https://many.example.org/1000$' "$tmp/state/articles"/*.txt &&
    fail "item 1001 read"

big=$(grep -l '^https://big.example.org/1$' "$tmp/state/articles"/*.txt)
[ -n "$big" ] || fail "the big item is missing"
python3 - "$big" <<'PY' || fail "bounds: see above"
import sys
data = open(sys.argv[1], "rb").read()
text = data.decode("utf-8")                  # whole characters only
lines = text.split("\n")[:-1]
title, body = lines[0].encode(), [l.encode() for l in lines[3:]]
ok = True
def check(what, cond):
    global ok
    if not cond:
        print("FAIL: " + what, file=sys.stderr)
        ok = False
check("title %d bytes" % len(title), len(title) <= 1024 and title.endswith("…".encode()))
check("a paragraph over 64 KB", all(len(p) <= 65536 for p in body))
check("paragraphs not cut", all(p.endswith("…".encode()) for p in body))
size = sum(len(p) + 1 for p in body)
check("body %d bytes" % size, size <= 1024 * 1024 and size > 1000000)
sys.exit(0 if ok else 1)
PY
exit 0
