#!/bin/sh
# SPDX-License-Identifier: ISC
# Private feeds: HTTP basic authentication (username, password_file) and
# request headers (headers_file: an API key, a cookie) are sent, and a
# wrong password fails as 401.  No secret appears anywhere feedd writes or
# says: the debug log, --explain (whose request headers show "(secret)"),
# the status page, /status.json, /health, /metrics, --status, the state.
# A redirect to another host is refused rather than sent the headers, and
# a bad secrets file is a FILE:LINE error that does not quote it.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need curl python3

start_server
cp "$data/parse/rss20.xml" "$data/parse/atom10.xml" "$tmp/doc/"
umask 077
printf 's3cret pass\n' > "$tmp/password"
printf 'wrong\n' > "$tmp/wrong"
printf '# for the API\nX-Api-Key: k3y\n\nCookie: session=c00kie\n' > "$tmp/headers"
umask 022
hp=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
listen=127.0.0.1:$hp
u=http://$listen
feedd_conf "basic=$base/basic/rss20.xml" "token=$base/token/atom10.xml" \
    "denied=$base/basic/atom10.xml" "away=$base/away/rss20.xml"
awk -v t="$tmp" '{ print }
    /^\[source "basic"\]/ { print "username = feedd"; print "password_file = " t "/password" }
    /^\[source "denied"\]/ { print "username = feedd"; print "password_file = " t "/wrong" }
    /^\[source "token"\]/ || /^\[source "away"\]/ { print "headers_file = " t "/headers" }' \
    "$tmp/feedd.conf" > "$tmp/c"
mv "$tmp/c" "$tmp/feedd.conf"
rm -f "$tmp/log"	# a match of the last run's log is no start
"$bin/feedd" -v -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
trap 'kill -9 $pid $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
i=0
until curl -s "$u/status.json" > "$tmp/status.json" 2>/dev/null &&
    [ "$(grep -c '"state":"ok"' "$tmp/status.json")" -eq 2 ] &&
    [ "$(grep -c '"state":"failing"' "$tmp/status.json")" -eq 2 ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "not fetched: $(cat "$tmp/status.json" "$tmp/log")"
	sleep 0.05
done
grep -q '"name":"denied",.*"last_status":401' "$tmp/status.json" ||
    fail "a wrong password: $(cat "$tmp/status.json")"
grep -q '"name":"away",.*a redirect to another host' "$tmp/status.json" ||
    fail "the redirect away: $(cat "$tmp/status.json")"
[ "$(grep -c '^GET /token/' "$tmp/requests")" -eq 1 ] ||
    fail "the headers went elsewhere: $(cat "$tmp/requests")"
i=0
until [ "$(ls "$tmp/state/articles" | wc -l)" -eq 6 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "articles: $(ls "$tmp/state/articles")"
	sleep 0.05
done
curl -s "$u/" > "$tmp/page.html"
curl -s "$u/health" > "$tmp/health"
curl -s "$u/metrics" > "$tmp/metrics"
"$bin/feedd" -c "$tmp/feedd.conf" --status > "$tmp/st"
kill -TERM $pid
wait $pid || fail "exit $?"
"$bin/feedd" -c "$tmp/feedd.conf" --explain token --force > "$tmp/explain" 2>&1 ||
    fail "explain: $(cat "$tmp/explain")"
grep -q '^X-Api-Key: (secret)' "$tmp/explain" || fail "explain: $(cat "$tmp/explain")"
grep -q '^Cookie: (secret)' "$tmp/explain" || fail "explain: $(cat "$tmp/explain")"
"$bin/feedd" -c "$tmp/feedd.conf" --explain basic --force > "$tmp/explain2" 2>&1 ||
    fail "explain basic: $(cat "$tmp/explain2")"
grep -q '^Authorization: (secret)' "$tmp/explain2" || fail "explain: $(cat "$tmp/explain2")"
# base64("feedd:s3cret pass") and its pieces.
for f in "$tmp/log" "$tmp/status.json" "$tmp/page.html" "$tmp/health" \
    "$tmp/metrics" "$tmp/st" "$tmp/explain" "$tmp/explain2" \
    "$tmp/state/state" "$tmp/state/articles/.meta"; do
	if grep -l -e 's3cret' -e 'ZmVlZGQ6czNjcmV0' -e 'k3y' -e 'c00kie' "$f"; then
		fail "a secret in $f: $(grep -e s3cret -e ZmVlZGQ6czNjcmV0 -e k3y -e c00kie "$f")"
	fi
done

# A secrets file that is missing, or not headers: FILE:LINE, not its text.
printf 'X-Api-Key k3y-no-colon\n' > "$tmp/badheaders"
printf '[feedd]\nstate_dir = %s/s\n[source "a"]\nurl = https://e.org/\nheaders_file = %s\n' \
    "$tmp" "$tmp/badheaders" > "$tmp/bad.conf"
if "$bin/feedd" --check -c "$tmp/bad.conf" 2> "$tmp/err"; then fail "bad headers accepted"; fi
grep -q "bad.conf:5: headers_file: $tmp/badheaders:1: not a header (Name: value)" "$tmp/err" ||
    fail "$(cat "$tmp/err")"
grep -q k3y "$tmp/err" && fail "the error shows the secret"
printf '[feedd]\nstate_dir = %s/s\n[source "a"]\nurl = https://e.org/\npassword_file = %s/none\n' \
    "$tmp" "$tmp" > "$tmp/bad.conf"
if "$bin/feedd" --check -c "$tmp/bad.conf" 2> "$tmp/err"; then fail "missing file accepted"; fi
grep -q "bad.conf:5: password_file: .*none: No such file or directory" "$tmp/err" ||
    fail "$(cat "$tmp/err")"
exit 0
