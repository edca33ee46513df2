#!/bin/sh
# SPDX-License-Identifier: ISC
# Abusive clients harm nothing but themselves.  300 sockets from
# 127.0.0.2 that send a request a header line at a time (slowloris) are
# cut: at most 32 from one address, none kept past 10 s without a whole
# request; meanwhile /health, asked from 127.0.0.1, answers every time at
# once.  And "Accept-Encoding: gzip;q=0" is not gzip.  The attack is on
# 127.0.0.0/8 only, bounded in sockets (300) and time (about 16 s).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need curl python3

start_server
cp "$data/parse/rss20.xml" "$tmp/doc/"
hp=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
listen=127.0.0.1:$hp
feedd_conf "a=$base/feed/rss20.xml"
rm -f "$tmp/log"	# a match of the last run's log is no start
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
trap 'kill -9 $pid $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
u=http://$listen
i=0
until curl -s "$u/feed.atom" | grep -q '<entry>'; do
	i=$((i + 1)); [ $i -lt 200 ] || fail "no feed: $(cat "$tmp/log")"; sleep 0.05
done

# Accept-Encoding: q=0 refuses gzip; gzip and "*" take it.
enc() {
	curl -s -o /dev/null -D - -H "Accept-Encoding: $1" "$u/feed.atom" |
	    tr -d '\r' | sed -n 's/^[Cc]ontent-[Ee]ncoding: //p'
}
[ "$(enc 'gzip;q=0')" = "" ] || fail "gzip;q=0 got gzip"
[ "$(enc 'gzip; q=0.000, identity')" = "" ] || fail "gzip; q=0.000 got gzip"
[ "$(enc 'gzip')" = gzip ] || fail "gzip not given"
[ "$(enc 'br, gzip;q=0.5')" = gzip ] || fail "gzip;q=0.5 not given"
[ "$(enc '*')" = gzip ] || fail "* not given gzip"
[ "$(enc '*, gzip;q=0')" = "" ] || fail "*, gzip;q=0 got gzip"

python3 - "$hp" > "$tmp/attack" 2>&1 <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
socks, refused = [], 0
for i in range(300):
    s = socket.socket()
    s.settimeout(2)
    try:
        s.bind(("127.0.0.2", 0))
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /feed.atom HTTP/1.1\r\nHost: x\r\n")
        s.setblocking(False)
        socks.append((s, time.time()))
    except OSError:
        refused += 1
        s.close()
kept_longest, early = 0.0, 0
start = time.time()
open_ = list(socks)
while open_ and time.time() - start < 16:
    still = []
    for s, t0 in open_:
        try:
            s.sendall(b"X-Slow: 1\r\n")
            data = s.recv(4096)
            if data == b"" or data:
                kept_longest = max(kept_longest, time.time() - t0)
                early += time.time() - t0 < 5
                s.close()
                continue
        except BlockingIOError:
            pass
        except OSError:
            kept_longest = max(kept_longest, time.time() - t0)
            early += time.time() - t0 < 5
            s.close()
            continue
        still.append((s, t0))
    open_ = still
    time.sleep(1)
print("accepted %d refused %d still-open %d longest %.1f early %d" %
      (len(socks), refused, len(open_), kept_longest, early))
for s, _ in open_:
    s.close()
PY
attacker=$!
sleep 1
# /health from another address, during the attack: every time, at once.
i=0
while [ $i -lt 12 ]; do
	code=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 2 "$u/health") ||
	    fail "/health did not answer during the attack (try $i)"
	case $code in
	"200 0."*) ;;
	*) fail "/health during the attack: $code" ;;
	esac
	sleep 1
	i=$((i + 1))
done
wait $attacker || fail "attack script: $(cat "$tmp/attack")"
read -r _ accepted _ refused _ still _ longest _ early < "$tmp/attack" ||
    fail "attack: $(cat "$tmp/attack")"
# Past 32 from the one address, each is closed at once (or refused).
[ $((early + refused)) -ge $((300 - 32)) ] ||
    fail "more than 32 kept from one address: $(cat "$tmp/attack")"
[ "$still" -eq 0 ] || fail "slow sockets kept open: $(cat "$tmp/attack")"
awk -v l="$longest" 'BEGIN { exit !(l <= 13) }' ||
    fail "a slow socket was kept ${longest}s: $(cat "$tmp/attack")"
# After it, the server is itself at once.
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$u/health")
[ "$code" = 200 ] || fail "/health after the attack: $code"
kill -0 $pid || fail "the daemon died"
echo "$(cat "$tmp/attack")"
exit 0
