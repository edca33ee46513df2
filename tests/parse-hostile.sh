#!/bin/sh
# SPDX-License-Identifier: ISC
# Hostile documents: a billion laughs finishes at once and expands nothing;
# external entities and DTDs that point at a file, a FIFO or a server on
# 127.0.0.1 are never read or reached.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need timeout python3

parse() {
	timeout 10 "$bin/feedd-parse" --now 2026-01-01T12:00:00Z "$@"
}

parse "$data/parse/billion-laughs.xml" > "$tmp/out" 2>/dev/null ||
    fail "billion laughs: exit $?"
[ "$(head -n 1 "$tmp/out")" = '&lol9;' ] || fail "expanded: $(head -c 200 "$tmp/out")"
[ "$(wc -c < "$tmp/out")" -lt 200 ] || fail "output grew"

# A secret file, a FIFO (opening it would block until timeout), and a
# listener that records any connection.
echo 'SENTINEL-SECRET-4711' > "$tmp/secret"
mkfifo "$tmp/fifo"
python3 - "$tmp/port" "$tmp/hits" <<'PY' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(5)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
s.settimeout(20)
try:
    c, _ = s.accept()
    open(sys.argv[2], "w").write("connected\n")
except socket.timeout:
    pass
PY
listener=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$tmp/port")

for entity in "file://$tmp/secret" "$tmp/secret" "file://$tmp/fifo" \
    "http://127.0.0.1:$port/x.ent"; do
	cat > "$tmp/xxe.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "$entity"> ]>
<rss version="2.0"><channel><title>t</title><link>https://e.org/</link>
<item><title>X &xxe; X</title><link>https://e.org/1</link><description>&xxe;</description></item>
</channel></rss>
XML
	parse "$tmp/xxe.xml" > "$tmp/out" 2>/dev/null || fail "$entity: exit $?"
	grep -q SENTINEL "$tmp/out" && fail "$entity: the file was read"
	[ "$(head -n 1 "$tmp/out")" = 'X &xxe; X' ] || fail "$entity: $(head -n 1 "$tmp/out")"
done
for dtd in "http://127.0.0.1:$port/rss.dtd" "file://$tmp/fifo"; do
	printf '<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "%s">\n<rss version="2.0"><channel><title>t</title><link>https://e.org/</link><item><title>ok</title><link>https://e.org/1</link></item></channel></rss>\n' \
	    "$dtd" > "$tmp/dtd.xml"
	parse "$tmp/dtd.xml" > "$tmp/out" 2>/dev/null || fail "$dtd: exit $?"
	[ "$(head -n 1 "$tmp/out")" = ok ] || fail "$dtd: $(cat "$tmp/out")"
done
# A parameter entity that points at the server.
printf '<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY %% p SYSTEM "http://127.0.0.1:%s/p.dtd"> %%p; ]>\n<rss version="2.0"><channel><title>t</title><link>https://e.org/</link><item><title>pe</title><link>https://e.org/1</link></item></channel></rss>\n' \
    "$port" > "$tmp/pe.xml"
parse "$tmp/pe.xml" > "$tmp/out" 2>/dev/null || fail "parameter entity: exit $?"

kill $listener 2>/dev/null || true
wait $listener 2>/dev/null || true
[ ! -e "$tmp/hits" ] || fail "the network was reached"

# A JSON document is read whole, so it is bounded: over 64 MB, an error
# that says so (feedd-parse(1)), read from a pipe, not a file.
if python3 -c 'import sys
sys.stdout.write("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [], \"x\": \"")
for i in range(65): sys.stdout.write("a" * (1 << 20))
sys.stdout.write("\"}")' 2> /dev/null | "$bin/feedd-parse" > /dev/null 2> "$tmp/err"; then
	fail "a JSON document over 64 MB was read"
fi
grep -q 'a JSON document over 64 MB' "$tmp/err" || fail "JSON bound: $(cat "$tmp/err")"

# An element's text is read up to libxml2's 10,000,000 bytes: a longer one
# ends the reading there, with a warning that says so, and the item before
# it is kept (feedd-parse(1)).  In CDATA (set aside by xmlprep) and not.
for wrap in cdata escaped; do
	python3 - "$wrap" > "$tmp/huge.xml" <<'PY'
import sys
text = "<p>" + "word " * 2000001 + "</p>"
text = "<![CDATA[" + text + "]]>" if sys.argv[1] == "cdata" else \
    text.replace("<", "&lt;").replace(">", "&gt;")
sys.stdout.write('<rss version="2.0"><channel><title>t</title>'
    '<item><title>before</title><link>https://e.org/1</link></item>'
    '<item><title>huge</title><link>https://e.org/2</link><description>'
    + text + '</description></item></channel></rss>')
PY
	parse "$tmp/huge.xml" > "$tmp/out" 2> "$tmp/err" ||
	    fail "huge $wrap: exit $?: $(cat "$tmp/err")"
	[ "$(head -n 1 "$tmp/out")" = before ] || fail "huge $wrap: $(head -c 100 "$tmp/out")"
	grep -q 'huge text node; 1 item read before it' "$tmp/err" ||
	    fail "huge $wrap: $(cat "$tmp/err")"
done
exit 0
