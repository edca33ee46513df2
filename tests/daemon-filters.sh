#!/bin/sh
# SPDX-License-Identifier: ISC
# keep_if and drop_if: an item a rule drops is not written, and is counted
# in /metrics; [feedd]'s rules hold for every source, a source's for it
# alone; --explain says which rule kept or dropped each item; a bad
# regular expression or field is a FILE:LINE error.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need curl python3

start_server
python3 - "$tmp/doc" <<'PY'
import sys
d = sys.argv[1]
items = [("Linux 6.9 released", "The kernel."),
         ("Sponsored: buy this", "An advert."),
         ("BSD news", "Another kernel."),
         ("Weather", "Rain, sponsored by ACME.")]
for name in ("one", "two"):
    with open("%s/%s.xml" % (d, name), "w") as f:
        f.write('<rss version="2.0"><channel><title>%s</title>'
                '<link>https://%s.example.org/</link>' % (name, name))
        for i, (t, b) in enumerate(items):
            f.write("<item><title>%s</title><link>https://%s.example.org/%d"
                    "</link><description>%s</description></item>"
                    % (t, name, i, b))
        f.write("</channel></rss>")
PY
hp=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
listen=127.0.0.1:$hp
extra='drop_if = title: ^sponsored'
feedd_conf "one=$base/feed/one.xml" "two=$base/feed/two.xml"
# two keeps only what is about a kernel, and drops what ACME pays for.
printf 'keep_if = body: kernel\nkeep_if = case title: ^Weather\ndrop_if = any: acme\n' \
    >> "$tmp/feedd.conf"
rm -f "$tmp/log"	# a match of the last run's log is no start
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
trap 'kill -9 $pid $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
i=0
until curl -s "http://$listen/metrics" | grep -q 'feedd_items_dropped_total{source="two"}'; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "no drops counted: $(cat "$tmp/log")"
	sleep 0.05
done
sleep 0.6	# the commit
curl -s "http://$listen/metrics" > "$tmp/metrics"
grep -qx 'feedd_items_dropped_total{source="one"} 1' "$tmp/metrics" ||
    fail "one: $(grep dropped "$tmp/metrics")"
grep -qx 'feedd_items_dropped_total{source="two"} 2' "$tmp/metrics" ||
    fail "two: $(grep dropped "$tmp/metrics")"
a=$tmp/state/articles
titles=$(head -q -n 1 "$a"/*.txt | sort | tr '\n' '|')
[ "$titles" = "BSD news|BSD news|Linux 6.9 released|Linux 6.9 released|Weather|" ] ||
    fail "written: $titles"
grep -q "one: 1 dropped by the filters" "$tmp/log" || fail "log: $(cat "$tmp/log")"
kill -TERM $pid
wait $pid || fail "exit $?"

# --explain says which rule decided, item by item.
rm -f "$tmp/state/state"
"$bin/feedd" -c "$tmp/feedd.conf" --explain two > "$tmp/explain" 2>&1 ||
    fail "explain: $(cat "$tmp/explain")"
grep -q '^  filter: kept by keep_if = body: kernel$' "$tmp/explain" || fail "$(cat "$tmp/explain")"
grep -q '^  filter: dropped (no keep_if matches)$' "$tmp/explain" ||
    fail "keep_if: $(cat "$tmp/explain")"
grep -q '^  filter: dropped by drop_if = any: acme$' "$tmp/explain" ||
    fail "the source's rule: $(cat "$tmp/explain")"
[ "$(grep -c '^  would be: dropped$' "$tmp/explain")" -eq 2 ] || fail "$(cat "$tmp/explain")"
"$bin/feedd" -c "$tmp/feedd.conf" --explain one > "$tmp/explain" 2>&1 ||
    fail "explain one: $(cat "$tmp/explain")"
grep -q '^  filter: dropped by drop_if = title: ^sponsored$' "$tmp/explain" ||
    fail "the [feedd] rule: $(cat "$tmp/explain")"
[ "$(grep -c '^  filter: kept (no drop_if matches)$' "$tmp/explain")" -eq 3 ] ||
    fail "one's kept: $(cat "$tmp/explain")"

# Bad rules: FILE:LINE and why.
printf '[feedd]\nstate_dir = %s/s\n\n[source "a"]\nurl = https://e.org/\ndrop_if = title: (open\n' \
    "$tmp" > "$tmp/bad.conf"
if "$bin/feedd" --check -c "$tmp/bad.conf" 2> "$tmp/err"; then fail "bad regex accepted"; fi
grep -q "bad.conf:6: drop_if: \"(open\": " "$tmp/err" || fail "$(cat "$tmp/err")"
printf '[feedd]\nstate_dir = %s/s\nkeep_if = titel: x\n' "$tmp" > "$tmp/bad.conf"
if "$bin/feedd" --check -c "$tmp/bad.conf" 2> "$tmp/err"; then fail "bad field accepted"; fi
grep -q "bad.conf:3: keep_if: \"titel\" is no field" "$tmp/err" || fail "$(cat "$tmp/err")"
exit 0
