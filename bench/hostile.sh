#!/bin/sh
# SPDX-License-Identifier: ISC
# Hostile feeds against the running daemon, measured (issue 11's cases):
# - flood: one source whose document holds N tiny items (default 331,148,
#   about 10 MB) beside 20 ordinary sources of 20 items each, all fetched
#   by a running feedd (keep = 5000, max_items = 400000, so that every item
#   is read) while /health is asked every 50 ms:
#   the worst /health wait, feedd's peak RSS, how many of the ordinary
#   sources' 400 articles are there at the end, and how long SIGTERM takes;
# - attacker: a source whose 200 items carry new guids and the links of
#   another source's 200 articles (http where those are https), and two
#   sources without guids that serve the same 20 links: what the log says
#   of each, and whether the victims' files changed.
# - prune: a source of 20,000 articles whose keep is lowered to 100 by
#   SIGHUP while /health is asked every 20 ms: the worst /health wait, and
#   how long the 19,900 files took to go.
# Served by python3's http.server on 127.0.0.1.
# Usage: bench/hostile.sh [N] (from the build folder, or set top_builddir)
set -eu
n=${1:-331148}
bin=$(cd "${top_builddir:-.}/src" && pwd)
[ -x "$bin/feedd" ] || { echo "build first: no $bin/feedd" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/feedd-bench.XXXXXX")
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/doc"
python3 - "$tmp/doc" "$n" <<'PY'
import sys
d, n = sys.argv[1], int(sys.argv[2])
def rss(name, items):
    with open("%s/%s.xml" % (d, name), "w") as f:
        f.write('<rss version="2.0"><channel><title>%s</title><link>'
                'https://%s.example.org/</link>%s</channel></rss>'
                % (name, name, "".join(items)))
rss("flood", ("<item><guid>%d</guid></item>" % i for i in range(n)))
rss("big", ("<item><title>Big %d</title><guid>%d</guid><link>https://big."
            "example.org/%d</link></item>" % (i, i, i) for i in range(20000)))
for s in range(20):
    rss("s%d" % s, ["<item><title>S%d %d</title><guid>s%d-%d</guid><link>"
                    "https://s%d.example.org/%d</link><description>Text."
                    "</description></item>" % (s, i, s, i, s, i)
                    for i in range(20)])
rss("victim", ["<item><title>Victim %d</title><guid>v%d</guid><link>"
               "https://victim.example.org/%d</link><description>True."
               "</description></item>" % (i, i, i) for i in range(200)])
rss("attacker", ["<item><title>Hijacked %d</title><guid>a%d</guid><link>"
                 "http://victim.example.org/%d</link><description>Lies."
                 "</description></item>" % (i, i, i) for i in range(200)])
for name in ("plain", "copy"):
    rss(name, ["<item><title>%s %d</title><link>https://shared.example.org/"
               "%d</link><description>%s.</description></item>"
               % (name, i, i, name) for i in range(20)])
PY
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$tmp/doc" && exec python3 -m http.server -b 127.0.0.1 "$port" \
    > /dev/null 2>&1) &
server=$!
hp=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sleep 1
conf() {
	{
		printf '[feedd]\nstate_dir = %s/state\nmax_size = 32M\n' "$tmp"
		printf 'keep = %s\nmax_items = %s\n' "${keep:-5000}" \
		    "${max_items:-1000}"
		printf '[feed]\nlisten = 127.0.0.1:%s\n' "$hp"
		for s in "$@"; do
			printf '[source "%s"]\nurl = http://127.0.0.1:%s/%s.xml\n' \
			    "$s" "$port" "$s"
		done
	} > "$tmp/feedd.conf"
}

echo "== flood: $n items ($(du -k "$tmp/doc/flood.xml" | cut -f1) KB) beside 20 sources"
set -- flood
i=0
while [ $i -lt 20 ]; do set -- "$@" "s$i"; i=$((i + 1)); done
max_items=400000 conf "$@"
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
python3 - "$hp" "$pid" <<'PY'
import sys, time, urllib.request
port, pid = sys.argv[1], sys.argv[2]
worst, n, end = 0.0, 0, time.time() + 20
while time.time() < end:
    t = time.time()
    try:
        urllib.request.urlopen("http://127.0.0.1:%s/health" % port, timeout=30).read()
    except Exception as e:
        if not hasattr(e, "code"):
            time.sleep(0.05)
            continue
    worst = max(worst, time.time() - t)
    n += 1
    time.sleep(0.05)
hwm = [l for l in open("/proc/%s/status" % pid) if l.startswith("VmHWM")][0]
print("worst /health wait: %.3f s over %d requests" % (worst, n))
print("peak RSS: %d MB" % (int(hwm.split()[1]) // 1024))
PY
t0=$(date +%s.%N)
kill -TERM $pid
wait $pid || true
t1=$(date +%s.%N)
echo "SIGTERM took: $(echo "$t1 - $t0" | bc) s"
a=$tmp/state/articles
echo "ordinary sources' articles: $(grep -l '^https://s[0-9]*.example.org/' "$a"/*.txt | wc -l) of 400"
echo "articles in all: $(ls "$a" | wc -l)"

echo "== attacker and guid-less copies"
rm -rf "$tmp/state"
conf victim plain
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> /dev/null
sums() { for f in $(grep -l "^https://$1" "$a"/*.txt); do sha256sum "$f"; done; }
sums victim.example.org > "$tmp/victim"
sums shared.example.org > "$tmp/plain"
conf victim plain attacker copy
# The same files as before, hashed again.
same() { sha256sum $(awk '{ print $2 }' "$1") 2> /dev/null | cmp -s - "$1"; }
for r in 1 2; do
	rm -f "$tmp/state/state"
	"$bin/feedd" --once -c "$tmp/feedd.conf" 2> "$tmp/log.$r" || true
	echo "fetch $r: $(grep -o '[a-z]*: [0-9]* new, [0-9]* updated' "$tmp/log.$r" | tr '\n' ';')"
	same "$tmp/victim" && echo "  victim's 200 articles: unchanged" ||
	    echo "  victim's 200 articles: CHANGED"
	same "$tmp/plain" && echo "  plain's 20 articles: unchanged" ||
	    echo "  plain's 20 articles: CHANGED"
done
echo "articles in all: $(ls "$a" | wc -l)"

echo "== prune: 20,000 articles of one source, keep lowered to 100 by SIGHUP"
rm -rf "$tmp/state"
keep=20000 max_items=20000 conf big
"$bin/feedd" --once -c "$tmp/feedd.conf" 2> /dev/null
echo "articles before: $(ls "$a" | wc -l)"
"$bin/feedd" -c "$tmp/feedd.conf" 2> "$tmp/log" &
pid=$!
sleep 1
keep=100 max_items=20000 conf big
python3 - "$hp" "$pid" "$a" <<'PY'
import os, signal, sys, time, urllib.request
port, pid, a = sys.argv[1], int(sys.argv[2]), sys.argv[3]
t0 = time.time()
os.kill(pid, signal.SIGHUP)
worst, n, done = 0.0, 0, None
while time.time() < t0 + 20 and done is None:
    t = time.time()
    try:
        urllib.request.urlopen("http://127.0.0.1:%s/health" % port, timeout=30).read()
    except Exception as e:
        pass
    worst = max(worst, time.time() - t)
    n += 1
    if len(os.listdir(a)) <= 102:
        done = time.time() - t0
    time.sleep(0.02)
print("worst /health wait: %.3f s over %d requests" % (worst, n))
print("pruned to %d files in %.2f s" % (len(os.listdir(a)), done or -1))
PY
kill -TERM $pid
wait $pid || true
