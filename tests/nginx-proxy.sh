#!/bin/sh
# SPDX-License-Identifier: ISC
# etc/nginx-feedd.conf, the example that feedd(8) gives for TLS and a
# password in front of feedd's listener, run as it is: only its addresses,
# certificate and password file are changed to the test's own (and each
# change must match, so that the example cannot drift from what is
# tested).  Through it: no password, 401; a wrong one, 401; the right one,
# the same feed that feedd serves, with self links to the public address;
# 304 with the reader's ETag; gzip; a source's feed; /health without a
# password from 127.0.0.1; plain HTTP sent to HTTPS.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need curl openssl python3
need_nginx

chmod 755 "$tmp"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 2> "$tmp/err" ||
    fail "openssl: $(cat "$tmp/err")"
printf 'reader:%s\n' "$(openssl passwd -apr1 's3cret words')" > "$tmp/htpasswd"

start_server
cp "$data/parse/rss20.xml" "$tmp/doc/"
ports=$(python3 -c 'import socket
ss = [socket.socket() for i in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
set -- $ports
tls=$1 plain=$2 fport=$3

# The example, with the test's addresses and files.  Each substitution
# must apply: count the lines each changes.
ex=$top_srcdir/etc/nginx-feedd.conf
subst() { # PATTERN REPLACEMENT EXPECTED-COUNT
	n=$(grep -c -- "$1" "$tmp/site.conf" || true)
	[ "$n" = "$3" ] || fail "etc/nginx-feedd.conf: '$1' on $n lines, want $3"
	sed "s|$1|$2|" "$tmp/site.conf" > "$tmp/site.new"
	mv "$tmp/site.new" "$tmp/site.conf"
}
cp "$ex" "$tmp/site.conf"
subst 'listen \[::\]:.*;' '' 2
subst 'listen 443 ' "listen 127.0.0.1:$tls " 1
subst 'listen 80;' "listen 127.0.0.1:$plain;" 1
subst '/etc/letsencrypt/live/feeds.example.org/fullchain.pem' "$tmp/cert.pem" 1
subst '/etc/letsencrypt/live/feeds.example.org/privkey.pem' "$tmp/key.pem" 1
subst '/etc/nginx/feedd.htpasswd;' "$tmp/htpasswd;" 1
subst 'http://127.0.0.1:8765;' "http://127.0.0.1:$fport;" 2
start_nginx "	include $tmp/site.conf;"

listen=127.0.0.1:$fport
feedd_conf "gazette=$base/feed/rss20.xml"
printf '[feed]\nself = https://127.0.0.1:%s/feed.atom\n' "$tls" >> "$tmp/feedd.conf"
rm -f "$tmp/log"	# a match of the last run's log is no start
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
trap 'kill -9 $pid $server 2>/dev/null; stop_nginx; rm -rf "$tmp"' EXIT
direct=http://$listen
i=0
until [ "$(curl -s "$direct/feed.atom" | grep -c '<entry>')" -eq 3 ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "no feed with 3 entries: $(cat "$tmp/log")"
	sleep 0.05
done

pub=https://127.0.0.1:$tls
c="curl -s --cacert $tmp/cert.pem"
code() { $c -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code "$pub/feed.atom")" = 401 ] || fail "no password: not 401"
[ "$(code -u reader:wrong "$pub/feed.atom")" = 401 ] || fail "wrong password: not 401"
$c -u 'reader:s3cret words' -D "$tmp/h" -o "$tmp/feed.atom" "$pub/feed.atom"
grep -q '^HTTP/2 200' "$tmp/h" || fail "through nginx: $(cat "$tmp/h")"
$c -o "$tmp/direct.atom" "$direct/feed.atom"
cmp -s "$tmp/feed.atom" "$tmp/direct.atom" || fail "nginx's feed differs from feedd's"
grep -q "<link rel=\"self\" type=\"application/atom+xml\" href=\"$pub/feed.atom\"" "$tmp/feed.atom" ||
    fail "self link: $(grep self "$tmp/feed.atom")"

# The reader's validators reach feedd and its 304 comes back.
etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\(.*\)\r$/\1/p' "$tmp/h")
[ -n "$etag" ] || fail "no ETag through nginx: $(cat "$tmp/h")"
[ "$(code -u 'reader:s3cret words' -H "If-None-Match: $etag" "$pub/feed.atom")" = 304 ] ||
    fail "If-None-Match through nginx: not 304"
$c -u 'reader:s3cret words' --compressed -D "$tmp/h" -o "$tmp/gz.atom" "$pub/feed.atom"
grep -qi '^content-encoding: gzip' "$tmp/h" || fail "no gzip through nginx: $(cat "$tmp/h")"
cmp -s "$tmp/gz.atom" "$tmp/direct.atom" || fail "gzip body differs"

# A source's own feed, with its self link under the public address.
$c -u 'reader:s3cret words' -o "$tmp/src.atom" "$pub/sources/gazette.atom"
grep -q "<link rel=\"self\" type=\"application/atom+xml\" href=\"$pub/sources/gazette.atom\"" "$tmp/src.atom" ||
    fail "source feed: $(head -c 600 "$tmp/src.atom")"

# /health for a monitor on this host, without the password; the rest of
# plain HTTP goes to HTTPS.
[ "$(code "$pub/health")" = 200 ] || fail "/health from 127.0.0.1: not 200"
$c -o /dev/null -D "$tmp/h" "http://127.0.0.1:$plain/feed.atom"
grep -q '^HTTP/1.1 301' "$tmp/h" || fail "plain HTTP: $(cat "$tmp/h")"
grep -qi '^location: https://127.0.0.1/feed.atom' "$tmp/h" ||
    fail "plain HTTP's redirect: $(cat "$tmp/h")"
exit 0
