# SPDX-License-Identifier: ISC
# What the benchmarks that run nginx share; sourced, after `set -eu`.
# Sets here (bench/), bin (the build's src/), nginx and tmp (a new folder,
# removed at exit with nginx and any $daemon stopped).
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${top_builddir:-.}/src" && pwd)
[ -x "$bin/feedd" ] || { echo "build first: no $bin/feedd" >&2; exit 1; }
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "nginx is missing (apt-get install nginx-light)" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/feedd-bench.XXXXXX")
chmod 755 "$tmp"
mkdir -p "$tmp/logs" "$tmp/ngx"
daemon=
bench_cleanup() {
	[ -z "$daemon" ] || kill "$daemon" 2> /dev/null || true
	[ ! -f "$tmp/nginx.conf" ] || "$nginx" -e "$tmp/logs/error.log" \
	    -c "$tmp/nginx.conf" -p "$tmp" -s stop 2> /dev/null || true
	rm -rf "$tmp"
}
trap bench_cleanup EXIT

# A free TCP port on 127.0.0.1.
freeport() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_nginx HTTP: nginx, one worker, no access log, with HTTP (its
# servers and settings) in its http block.
start_nginx() {
	cat > "$tmp/nginx.conf" <<EOF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $tmp/ngx;
	proxy_temp_path $tmp/ngx;
	fastcgi_temp_path $tmp/ngx;
	uwsgi_temp_path $tmp/ngx;
	scgi_temp_path $tmp/ngx;
$1
}
EOF
	"$nginx" -e "$tmp/logs/error.log" -c "$tmp/nginx.conf" -p "$tmp"
	sleep 0.3
}

# median_run LABEL PREP CMD...: RUNS runs of CMD (runs, default 3), each
# after PREP; the median run's "wall user system peak-RSS-KB" goes to
# $tmp/med.LABEL.  A run that fails stops the script when strict=1, as
# the scripts that count what the runs made want; else it counts as run.
median_run() {
	label=$1 prep=$2
	shift 2
	: > "$tmp/m"
	i=0
	while [ $i -lt "${runs:-3}" ]; do
		sh -c "$prep"
		if ! /usr/bin/time -o "$tmp/t" -f '%e %U %S %M' "$@" > /dev/null \
		    2> "$tmp/err" && [ "${strict:-0}" = 1 ]; then
			echo "$label failed: $(tail -3 "$tmp/err")" >&2
			exit 1
		fi
		cat "$tmp/t" >> "$tmp/m"
		i=$((i + 1))
	done
	sort -n "$tmp/m" | sed -n "$(( (${runs:-3} + 1) / 2 ))p" > "$tmp/med.$label"
}
# The median run's wall time, of median_run LABEL.
wall() { cut -d' ' -f1 "$tmp/med.$1"; }

# aside DIR: a command (for median_run's PREP) that moves $tmp/DIR, if
# there, into a new folder under $tmp, so that each run starts from one
# never used: deleting the last run's files would make ext4's inode
# allocator skip them, one block lookup each, and the next run measure the
# deletion (see bench/daemon.sh).
aside() {
	echo "[ ! -d '$tmp/$1' ] || mv '$tmp/$1' \"\$(mktemp -d '$tmp/old.XXXXXX')\"/"
}

# sources N NAME PATH: N [source] sections of feedd.conf, the I-th named
# NAME followed by I, at http://127.0.0.1:$port/PATH with I for its %d.
sources() {
	i=0
	while [ $i -lt "$1" ]; do
		printf '[source "%s%d"]\nurl = http://127.0.0.1:%s/' "$2" $i "$port"
		# shellcheck disable=SC2059
		printf "$3\n" $i
		i=$((i + 1))
	done
}
