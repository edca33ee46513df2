#!/bin/sh
# SPDX-License-Identifier: ISC
# N sources (default 100000) on one machine.  nginx on 127.0.0.1 serves
# FEEDS distinct feeds (default 2000, ITEMS items each, default 2) under N
# URLs by a rewrite (/s/K/I.xml is feed K); a source's articles are still
# its own, since identity includes the source.  feedd runs with
# max_parallel = max_per_host = 16 (all on one host) and interval = 30m.
# Measured, each the median of RUNS runs (default 3) where it is timed:
#   - feedd --check, with no state and then with the state and index of a
#     cold pass;
#   - the daemon's start-up (launch to /health answering), the same two
#     ways, and its RSS 5 s after a start with state;
#   - a cold feedd --once (every source, every item written) and a warm one
#     (every answer a 304): wall time, fetches per second, CPU, peak RSS;
#     beside curl --parallel --parallel-max 16 over the same URLs, cold and
#     with If-None-Match (all 304);
#   - the daemon under the burst of every source due at once (a state
#     whose times have all passed), until every source is fetched, and in
#     the steady state (the same state, each source's next fetch spread
#     over the 30 minutes), for WATCH seconds (default 60): /health's
#     latency, asked every 100 ms; the timers' lateness from /metrics; the
#     share of a core the daemon used; its RSS.
# Usage: bench/scale.sh [N] (from the build folder, or set top_builddir)
set -eu
n=${1:-100000}
feeds=${FEEDS:-2000}
items=${ITEMS:-2}
runs=${RUNS:-3}
strict=1
watch=${WATCH:-60}
. "$(dirname "$0")/lib.sh"
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (time)" >&2; exit 1; }
command -v curl > /dev/null || { echo "curl is missing" >&2; exit 1; }
mkdir -p "$tmp/doc"
port=$(freeport)
hport=$(freeport)

python3 "$here/gen-feeds.py" "$feeds" "$tmp/doc/feeds" "$items"
chmod -R a+rX "$tmp/doc"
start_nginx "	types { application/xml xml; }
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:$port;
		root $tmp/doc;
		location /s/ { rewrite ^/s/(\d+)/ /feeds/f\$1.xml break; }
	}"

# The configuration, and curl's (cold; and warm, with each feed's ETag as
# nginx gives it).
curl -sS -o /dev/null -D "$tmp/h" "http://127.0.0.1:$port/s/0/0.xml"
python3 - "$n" "$feeds" "$port" "$hport" "$tmp" <<'EOF'
import os, sys
n, feeds, port, hport, tmp = (int(sys.argv[1]), int(sys.argv[2]),
                              sys.argv[3], sys.argv[4], sys.argv[5])
url = "http://127.0.0.1:%s/s/%%d/%%d.xml" % port
with open(os.path.join(tmp, "feedd.conf"), "w") as f:
    f.write("[feedd]\nstate_dir = %s/state\nmax_parallel = 16\n"
            "max_per_host = 16\ninterval = 30m\n[feed]\nlisten = "
            "127.0.0.1:%s\n" % (tmp, hport))
    for i in range(n):
        f.write('[source "s%d"]\nurl = %s\n' % (i, url % (i % feeds, i)))
etags = {}
for k in range(feeds):
    st = os.stat(os.path.join(tmp, "doc/feeds/f%d.xml" % k))
    etags[k] = '"%x-%x"' % (int(st.st_mtime), st.st_size)
with open(os.path.join(tmp, "curl.cold"), "w") as c, \
        open(os.path.join(tmp, "curl.warm"), "w") as w:
    for i in range(n):
        u = url % (i % feeds, i)
        if i > 0:  # what follows is the next URL's, and only its own
            c.write("next\n")
            w.write("next\n")
        c.write('url = "%s"\noutput = "/dev/null"\n' % u)
        w.write('url = "%s"\noutput = "/dev/null"\nheader = "If-None-Match:'
                ' %s"\n' % (u, etags[i % feeds].replace('"', '\\"')))
EOF
# The ETag computed above must be nginx's own, or the warm curl is no 304.
grep -qi "^etag: $(python3 -c "import os; s = os.stat('$tmp/doc/feeds/f0.xml'); print('\"%x-%x\"' % (int(s.st_mtime), s.st_size))")" "$tmp/h" ||
    { echo "nginx's ETag is not the one computed" >&2; exit 1; }
echo "$n sources, $feeds distinct feeds of $items items, nginx on 127.0.0.1:$port"
echo "median of $runs runs where timed; feedd: max_parallel = max_per_host = 16"

# measure LABEL PREP CMD...: RUNS runs of CMD, each after PREP; prints the
# median wall time, and the CPU time and peak RSS of that run.
measure() {
	median_run "$@"
	awk -v label="$1" -v n="$n" '{
		printf "  %-34s %7.2f s %8.0f /s %7.2f s CPU %6.1f MB peak\n",
		    label, $1, ($1 > 0 ? n / $1 : 0), $2 + $3, $4 / 1024 }' \
	    "$tmp/med.$1"
}

# startup LABEL PREP: RUNS starts of the daemon, each after PREP; the
# median time from launch to /health's first answer.
startup() {
	label=$1 prep=$2
	: > "$tmp/m"
	i=0
	while [ $i -lt "$runs" ]; do
		sh -c "$prep"
		python3 - "$bin/feedd" "$tmp/feedd.conf" "$hport" >> "$tmp/m" <<'EOF'
import subprocess, sys, time, urllib.request
t0 = time.monotonic()
p = subprocess.Popen([sys.argv[1], "-c", sys.argv[2]],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
while True:
    try:
        urllib.request.urlopen("http://127.0.0.1:%s/health" % sys.argv[3],
                               timeout=30).read()
        break
    except urllib.error.HTTPError:
        break
    except OSError:
        if p.poll() is not None:
            sys.exit("feedd exited: %d" % p.returncode)
        time.sleep(0.01)
print("%.3f" % (time.monotonic() - t0))
p.terminate()
p.wait()
EOF
		i=$((i + 1))
	done
	printf '  %-34s %7.2f s\n' "$label" \
	    "$(sort -n "$tmp/m" | sed -n "$(( (runs + 1) / 2 ))p")"
}

echo "configuration and start-up:"
measure "--check, no state" true "$bin/feedd" --check -c "$tmp/feedd.conf"
startup "start-up, no state" "$(aside state)"

echo "passes over every source:"
measure "curl cold" true curl -s --parallel --parallel-max 16 -K "$tmp/curl.cold"
measure "feedd --once cold" "$(aside state)" "$bin/feedd" --once -c "$tmp/feedd.conf"
arts=$(ls "$tmp/state/articles" | wc -l)
[ "$arts" -ge $((n * items)) ] ||
    echo "  (feedd wrote $arts articles, not $((n * items)))"
measure "curl warm (all 304)" true curl -s --parallel --parallel-max 16 -K "$tmp/curl.warm"
measure "feedd --once warm (all 304)" true "$bin/feedd" --once -c "$tmp/feedd.conf"
awk -v f="$(wall "feedd --once warm (all 304)")" -v c="$(wall "curl warm (all 304)")" \
    'BEGIN { printf "  warm: feedd %.2fx curl'"'"'s rate (target >= 0.5)\n", c / f }'

echo "with the state and index of $arts articles:"
measure "--check, with state" true "$bin/feedd" --check -c "$tmp/feedd.conf"
# In place, never a copy: a copied file is a new inode, which the index
# does not vouch for, and every article would be read again.
startup "start-up, with state" true

# run_daemon LABEL SECONDS FETCHES: start the daemon on the state as it
# is, watch it (watch.py) for SECONDS or until FETCHES, stop it.
run_daemon() {
	"$bin/feedd" -c "$tmp/feedd.conf" > /dev/null 2> "$tmp/daemon.err" &
	daemon=$!
	until curl -s -o /dev/null "http://127.0.0.1:$hport/health"; do
		kill -0 "$daemon" || { cat "$tmp/daemon.err" >&2; exit 1; }
		sleep 0.01
	done
	printf '  %s:\n    ' "$1"
	python3 "$here/watch.py" "http://127.0.0.1:$hport" "$daemon" "$2" "$3" |
	    sed 's/ le/\n    lateness: le/; s/ health_n/\n    health_n/; s/ rss_mb/\n    rss_mb/'
	kill "$daemon"
	wait "$daemon" || true
	daemon=
}
# set_next past|spread: every source due at once, or each source's next
# fetch at random in the next 30 minutes.
set_next() {
	python3 - "$tmp/state/state" "$1" <<'EOF'
import os, random, sys, time
path, how = sys.argv[1], sys.argv[2]
now = int(time.time())
rng = random.Random(1)
with open(path) as f:
    lines = f.read().split("\n")
out = [lines[0]]
for line in lines[1:]:
    if line:
        v = line.split("\t")
        v[5] = str(now - 60 if how == "past" else now + rng.randint(0, 1800))
        line = "\t".join(v)
    out.append(line)
with open(path + ".new", "w") as f:
    f.write("\n".join(out))
os.rename(path + ".new", path)
EOF
}
echo "the daemon:"
set_next past
run_daemon "every source due at once (all 304), until all are fetched" 600 "$n"
set_next spread
run_daemon "steady state, next fetches spread over 30 min, $watch s" "$watch" 0
echo "  (steady state: $n sources / 1800 s = $((n / 1800)) fetches/s expected)"
