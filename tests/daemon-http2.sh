#!/bin/sh
# SPDX-License-Identifier: ISC
# HTTPS and HTTP/2 where the server offers it: nginx on 127.0.0.1 with a
# certificate made here (trusted through ca_file) and http2 on.  feedd
# --explain shows the answer came over HTTP/2 with its validators; --once
# writes the articles, and the next run is answered 304 over the same
# protocol.  A server that offers only HTTP/1.1 is fetched over that.  A
# certificate that ca_file does not vouch for is refused.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need openssl python3
need_nginx

mkdir -p "$tmp/doc"
chmod 755 "$tmp"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 2> "$tmp/err" ||
    fail "openssl: $(cat "$tmp/err")"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$tmp/other.key" -out "$tmp/other.pem" -days 2 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2> /dev/null
python3 - "$tmp/doc/news.xml" <<'PY'
import sys
items = "".join(
    "<item><title>Item %d</title><link>https://news.example.org/%d</link>"
    "<guid>i%d</guid><pubDate>Mon, %02d Jan 2022 10:00:00 GMT</pubDate>"
    "<description>&lt;p&gt;Body of item %d.&lt;/p&gt;</description></item>"
    % (i, i, i, i + 1, i) for i in range(5))
open(sys.argv[1], "w").write(
    '<rss version="2.0"><channel><title>N</title><link>https://news.example.org/</link>%s</channel></rss>' % items)
PY
chmod -R a+rX "$tmp/doc"
ports=$(python3 -c 'import socket
ss = [socket.socket() for i in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
h2=${ports% *} h1=${ports#* }
start_nginx "	types { application/rss+xml xml; }
	gzip on;
	gzip_types application/rss+xml;
	ssl_certificate $tmp/cert.pem;
	ssl_certificate_key $tmp/key.pem;
	server { listen 127.0.0.1:$h2 ssl http2; root $tmp/doc; }
	server { listen 127.0.0.1:$h1 ssl; root $tmp/doc; }"

extra="ca_file = $tmp/cert.pem"
feedd_conf "h2=https://127.0.0.1:$h2/news.xml" "h1=https://127.0.0.1:$h1/news.xml"

# --explain: the answer's status line says HTTP/2, the body was gzip.
"$bin/feedd" -c "$tmp/feedd.conf" --explain h2 > "$tmp/explain" 2> "$tmp/err" ||
    fail "explain: $(cat "$tmp/err")"
grep -q '^HTTP/2 200' "$tmp/explain" || fail "not HTTP/2: $(head -20 "$tmp/explain")"
grep -qi '^content-encoding: gzip' "$tmp/explain" || fail "not gzip: $(head -20 "$tmp/explain")"
[ "$(grep -c 'new' "$tmp/explain")" -ge 5 ] || fail "items: $(cat "$tmp/explain")"
"$bin/feedd" -c "$tmp/feedd.conf" --explain h1 > "$tmp/explain1" 2> "$tmp/err" ||
    fail "explain h1: $(cat "$tmp/err")"
grep -q '^HTTP/1.1 200' "$tmp/explain1" || fail "not HTTP/1.1: $(head -20 "$tmp/explain1")"

# --once: the articles, then a 304 over HTTP/2 with the saved ETag.
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err" || fail "once: $(cat "$tmp/err")"
[ "$(ls "$tmp/state/articles" | wc -l)" -eq 10 ] || fail "$(ls "$tmp/state/articles" | wc -l) articles, want 10 (5 of each source: a source never takes another's articles)"
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err" || fail "again: $(cat "$tmp/err")"
grep -q '"GET /news.xml HTTP/2.0" 304' "$tmp/logs/access.log" ||
    fail "no 304 over HTTP/2: $(cat "$tmp/logs/access.log")"
grep -q '"GET /news.xml HTTP/1.1" 304' "$tmp/logs/access.log" ||
    fail "no 304 over HTTP/1.1: $(cat "$tmp/logs/access.log")"

# A certificate that ca_file does not vouch for: the fetch fails, named.
extra="ca_file = $tmp/other.pem"
feedd_conf "h2=https://127.0.0.1:$h2/news.xml"
rm -rf "$tmp/state"
if "$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/err"; then
	fail "an unknown certificate was accepted"
fi
grep -q "h2: https://127.0.0.1:$h2/news.xml: .*certificate" "$tmp/err" ||
    fail "error: $(cat "$tmp/err")"
[ "$(ls "$tmp/state/articles" | wc -l)" -eq 0 ] || fail "articles from an untrusted server"
exit 0
