#!/bin/sh
# SPDX-License-Identifier: ISC
# What an admin sees: the status page (/, plain HTML), /status.json and
# feedd --status list every source with its state (OK, failing since when
# and why, backing off until when, disabled), its last fetch and HTTP
# status, its next fetch, the interval in force and why, and its
# articles; /health names the failing sources; --status reads the state
# when no daemon runs.  The page is loaded in headless Chromium, whose
# rendered text is checked; its screenshots go to $FEEDD_SCREENSHOTS when
# set (a phone's width and a desktop's), else nowhere.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need curl python3

start_server
cp "$data/parse/rss20.xml" "$data/parse/atom10.xml" "$tmp/doc/"
hp=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
listen=127.0.0.1:$hp
u=http://$listen
feedd_conf "gazette=$base/feed/rss20.xml" "dead=$base/status/500/0" \
    "paused=$base/feed/atom10.xml" "blog=$base/feed/atom10.xml"
awk '{ print } /^\[source "paused"\]/ { print "enabled = no" }
    /^\[source "gazette"\]/ { print "tags = news, world" }' "$tmp/feedd.conf" > "$tmp/c"
mv "$tmp/c" "$tmp/feedd.conf"
rm -f "$tmp/log"	# a match of the last run's log is no start
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
trap 'kill -9 $pid $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
i=0
until curl -s "$u/status.json" > "$tmp/status.json" 2>/dev/null &&
    grep -q '"state":"failing"' "$tmp/status.json" &&
    [ "$(grep -c '"state":"ok"' "$tmp/status.json")" -eq 2 ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "no status: $(cat "$tmp/status.json" "$tmp/log")"
	sleep 0.05
done
python3 - "$tmp/status.json" <<'PY' || fail "status.json: $(cat "$tmp/status.json")"
import json, sys
d = json.load(open(sys.argv[1]))
by = {s["name"]: s for s in d["sources"]}
assert [s["name"] for s in d["sources"]] == ["dead", "blog", "gazette", "paused"], d
g = by["gazette"]
assert g["state"] == "ok" and g["last_status"] == 200 and g["articles"] == 3, g
assert g["tags"] == ["news", "world"] and g["interval"] == 1800, g
assert g["interval_reason"] == "configured" and g["next_fetch"], g
x = by["dead"]
assert x["state"] == "failing" and x["failures"] == 1 and x["last_status"] == 500, x
assert x["last_error"] == "HTTP 500" and x["failing_since"], x
assert x["interval_reason"] == "backing off after failures", x
p = by["paused"]
assert p["state"] == "disabled" and p["next_fetch"] is None and p["last_fetch"] is None, p
PY
curl -s "$u/health" > "$tmp/health"
grep -qx 'failing sources: dead (HTTP 500)' "$tmp/health" || fail "health: $(cat "$tmp/health")"

# The page: plain HTML, every source, no script.
curl -s -D "$tmp/h" -o "$tmp/page.html" "$u/"
grep -qi '^content-type: text/html; charset=utf-8' "$tmp/h" || fail "type: $(cat "$tmp/h")"
grep -q '<script' "$tmp/page.html" && fail "a script in the page"
grep -q '<th scope="row" data-label="Source"><a href="/sources/dead.atom">dead</a>' \
    "$tmp/page.html" || fail "page: $(cat "$tmp/page.html")"
grep -q 'Failing, 1 time in a row, since ' "$tmp/page.html" || fail "failing since"
grep -q 'Disabled (enabled = no)' "$tmp/page.html" || fail "disabled"

# feedd --status, from the daemon; then from the state, none running.
"$bin/feedd" -c "$tmp/feedd.conf" --status > "$tmp/st" || fail "--status"
head -1 "$tmp/st" | grep -qx '4 sources: 1 failing, 2 OK, 0 not fetched yet, 1 disabled; 6 articles' ||
    fail "--status: $(cat "$tmp/st")"
grep -q '^  last error: HTTP 500$' "$tmp/st" || fail "--status: $(cat "$tmp/st")"

# A browser renders it: the text a person reads, at a phone's width and
# a desktop's.
chrome=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chrome" ] || skip "chromium (Debian's chromium package)"
shots=${FEEDD_SCREENSHOTS:-$tmp}
for size in 390,844 1280,800; do
	"$chrome" --headless --no-sandbox --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$tmp/chrome" --window-size=$size \
	    --screenshot="$shots/status-${size%,*}.png" "$u/" \
	    > "$tmp/chrome.log" 2>&1 || fail "chromium: $(tail -5 "$tmp/chrome.log")"
	[ -s "$shots/status-${size%,*}.png" ] || fail "no screenshot"
done
"$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/chrome" --dump-dom "$u/" > "$tmp/dom.html" 2> "$tmp/chrome.log" ||
    fail "chromium --dump-dom: $(tail -5 "$tmp/chrome.log")"
python3 - "$tmp/dom.html" <<'PY' || fail "rendered: $(cat "$tmp/dom.html")"
import html.parser, sys
class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.cur, self.skip = [], None, 0
    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.cur = []
        if tag in ("style", "title"):
            self.skip += 1
    def handle_endtag(self, tag):
        if tag == "tr" and self.cur is not None:
            self.rows.append(" ".join("".join(self.cur).split()))
            self.cur = None
        if tag in ("style", "title"):
            self.skip -= 1
    def handle_data(self, d):
        if self.cur is not None and not self.skip:
            self.cur.append(d + " ")
t = Text()
t.feed(open(sys.argv[1]).read())
rows = t.rows[1:]
assert len(rows) == 4, rows
assert rows[0].startswith("dead ") and "Failing, 1 time in a row" in rows[0] and "HTTP 500" in rows[0], rows[0]
assert rows[1].startswith("blog ") and " OK " in rows[1], rows[1]
assert rows[2].startswith("gazette ") and "3 (3 written" in rows[2], rows[2]
assert rows[3].startswith("paused ") and "Disabled (enabled = no)" in rows[3], rows[3]
PY
kill -TERM $pid
wait $pid || fail "exit $?"
"$bin/feedd" -c "$tmp/feedd.conf" --status > "$tmp/st" || fail "--status offline"
head -1 "$tmp/st" | grep -q '^(no daemon answers on ' || fail "offline: $(cat "$tmp/st")"
grep -q '^  last error: HTTP 500$' "$tmp/st" || fail "offline: $(cat "$tmp/st")"
grep -q '^4 sources: 1 failing, 2 OK, 0 not fetched yet, 1 disabled; 6 articles$' "$tmp/st" ||
    fail "offline: $(cat "$tmp/st")"
exit 0
