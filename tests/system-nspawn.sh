#!/bin/sh
# SPDX-License-Identifier: ISC
# feedd under a real systemd: a minimal Debian 12 booted with
# systemd-nspawn (its network is the host's, so 127.0.0.1 is shared), with
# feedd installed from the Debian package (FEEDD_DEB=path.deb; dpkg -i in
# the running system, so it is enabled and started the Debian way, and
# purged at the end) or else by make install DESTDIR= of this build.
# Checked from inside, through nsenter into the container's systemd: the
# service is active with its STATUS= line, survives past WatchdogSec (a
# drop-in makes that 2 s, so that the test need not wait the unit's 60 s;
# the mechanism is the same), `systemctl reload` re-reads an edited
# feedd.conf, journalctl shows its lines, /feed.atom answers on 127.0.0.1,
# systemd-analyze security scores it at most 2.0, the state is where the
# unit says, and `systemctl stop` is clean.
#
# The root is made once by debootstrap and kept between runs outside the
# checkout (FEEDD_ROOTFS_CACHE, default /var/cache/feedd-tests); each run
# boots a copy.  Needs root, systemd-nspawn, nsenter, and debootstrap with
# a Debian mirror for the first run.  Not part of make check (its
# sanitizer builds cannot run sandboxed under systemd): make check-system,
# which CI runs with the package it builds.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need curl python3 nsenter
[ "$(id -u)" = 0 ] || skip "root (systemd-nspawn boots a container)"
nspawn=$(command -v systemd-nspawn) || skip "systemd-nspawn (systemd-container)"

# The cached root: its name says what it holds, so a changed list makes
# a new one.  Made in a temp folder and renamed, so that an interrupted
# debootstrap leaves no half root behind.
suite=bookworm
pkgs=systemd,systemd-sysv,dbus,libcurl4,libxml2,libmicrohttpd12,libev4,libsystemd0,zlib1g,curl,ca-certificates
key=$(printf '%s %s' "$suite" "$pkgs" | sha256sum | cut -c1-12)
cache=${FEEDD_ROOTFS_CACHE:-/var/cache/feedd-tests}
rootfs=$cache/$suite-$key
if [ ! -d "$rootfs" ]; then
	command -v debootstrap > /dev/null 2>&1 || skip "debootstrap (for $rootfs)"
	mkdir -p "$cache"
	rm -rf "$rootfs.tmp"
	debootstrap --variant=minbase --include="$pkgs" "$suite" "$rootfs.tmp" \
	    "${FEEDD_DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
	    > "$tmp/debootstrap.log" 2>&1 ||
	    skip "debootstrap failed: $(tail -n 5 "$tmp/debootstrap.log")"
	mv "$rootfs.tmp" "$rootfs"
fi
root=$tmp/root
cp -a "$rootfs" "$root"

# The feeds, served from the host.
start_server
python3 - "$tmp/doc" <<'PY'
import sys
for name, n in (("one", 3), ("two", 2)):
    items = "".join(
        "<item><title>%s %d</title><link>https://%s.example.org/%d</link>"
        "<guid>%s-%d</guid><pubDate>Mon, %02d Jan 2024 10:00:00 GMT</pubDate>"
        "<description>Body %d.</description></item>" % (name, i, name, i, name, i, i + 1, i)
        for i in range(n))
    open("%s/%s.xml" % (sys.argv[1], name), "w").write(
        '<rss version="2.0"><channel><title>%s</title><link>https://%s.example.org/</link>%s</channel></rss>'
        % (name, name, items))
PY
hp=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
conf_text() { # SOURCES...
	printf '[feedd]\nstate_dir = /var/lib/feedd\ninterval = 1h\n'
	printf '[feed]\ntitle = nspawn\nlisten = 127.0.0.1:%s\n' "$hp"
	for s in "$@"; do
		printf '[source "%s"]\nurl = %s/feed/%s.xml\n' "$s" "$base" "$s"
	done
}

# Boot.  --console=passive: no terminal is needed (CI has none).
"$nspawn" -D "$root" --register=no --keep-unit -b --console=passive \
    < /dev/null > "$tmp/nspawn.log" 2>&1 &
ns=$!
# At exit, shut the container down (SIGTERM to nspawn asks its systemd to
# power off) and wait for nspawn, before the root is removed under it.
halt() {
	kill $ns 2> /dev/null || true
	i=0
	while kill -0 $ns 2> /dev/null && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 $ns $server 2> /dev/null || true
	wait $ns 2> /dev/null || true
}
trap 'halt; rm -rf "$tmp"' EXIT
pid1=
i=0
while [ -z "$pid1" ] && [ $i -lt 100 ]; do
	pid1=$(pgrep -P $ns 2>/dev/null | head -n 1 || true)
	kill -0 $ns 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
[ -n "$pid1" ] || skip "systemd-nspawn cannot boot here: $(cat "$tmp/nspawn.log")"
inside() { nsenter -t "$pid1" -a "$@"; }
state=
i=0
while [ $i -lt 120 ]; do
	state=$(inside systemctl is-system-running 2> /dev/null || true)
	case $state in running|degraded) break ;; esac
	sleep 0.5
	i=$((i + 1))
done
case $state in running|degraded) ;; *)
	fail "the container's systemd is '$state': $(tail -n 20 "$tmp/nspawn.log")" ;; esac

# Install, with the watchdog drop-in, and start.
mkdir -p "$root/etc/systemd/system/feedd.service.d"
printf '[Service]\nWatchdogSec=2s\n' > "$root/etc/systemd/system/feedd.service.d/watchdog.conf"
if [ -n "${FEEDD_DEB:-}" ]; then
	conf=$root/etc/feedd.conf
	conf_text one > "$conf"
	cp "$FEEDD_DEB" "$root/root/feedd.deb"
	inside dpkg -i --force-confold /root/feedd.deb > "$tmp/dpkg.log" 2>&1 ||
	    fail "dpkg -i: $(cat "$tmp/dpkg.log")"
	inside systemctl is-enabled feedd > /dev/null || fail "the package did not enable feedd"
else
	make -C "$top_builddir" install DESTDIR="$root" > "$tmp/install.log" 2>&1 ||
	    fail "make install: $(tail "$tmp/install.log")"
	unit=$(cd "$root" && find usr/local/lib/systemd/system usr/lib/systemd/system \
	    lib/systemd/system -name feedd.service 2> /dev/null | head -n 1)
	[ -n "$unit" ] || fail "make install put no feedd.service under a unit folder"
	conf=$root$(sed -n 's/^ExecStart=.* -c \([^ ]*\).*/\1/p' "$root/$unit")
	conf_text one > "$conf"
	inside systemctl daemon-reload
	inside systemctl enable --now feedd > "$tmp/enable.log" 2>&1 ||
	    fail "enable --now: $(cat "$tmp/enable.log")"
fi

show() { inside systemctl show -p "$1" --value feedd; }
i=0
until [ "$(show ActiveState)" = active ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "feedd is $(show ActiveState): $(inside journalctl -u feedd --no-pager | tail)"
	sleep 0.1
done
u=http://127.0.0.1:$hp
entries() { curl -s "$u/feed.atom" | grep -c '<entry>' || true; }
i=0
until [ "$(entries)" = 3 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "no feed with 3 entries at $u: $(inside journalctl -u feedd --no-pager | tail)"
	sleep 0.1
done
status=$(show StatusText)
case $status in *"1 sources"*"3 articles"*) ;; *) fail "STATUS=: '$status'" ;; esac
inside test -d /var/lib/private/feedd/articles || fail "no state in /var/lib/private/feedd"
[ "$(inside stat -c %a /var/lib/private)" = 700 ] || fail "/var/lib/private is not 0700"

# Past the watchdog's 2 s, more than once: the same process, never
# restarted.
mainpid=$(show MainPID)
sleep 5
[ "$(show ActiveState)" = active ] || fail "not active after the watchdog's time"
[ "$(show MainPID)" = "$mainpid" ] || fail "restarted: pid $(show MainPID), was $mainpid"
[ "$(show NRestarts)" = 0 ] || fail "NRestarts=$(show NRestarts)"
[ "$(show WatchdogUSec)" = 2s ] || fail "the drop-in's watchdog is $(show WatchdogUSec)"

# Reload with an edited configuration: the new source is fetched, by the
# same process.
conf_text one two > "$conf"
inside systemctl reload feedd > "$tmp/reload.log" 2>&1 || fail "reload: $(cat "$tmp/reload.log")"
i=0
until [ "$(entries)" = 5 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "reload: the new source's entries did not come: $(inside journalctl -u feedd --no-pager | tail)"
	sleep 0.1
done
[ "$(show MainPID)" = "$mainpid" ] || fail "reload restarted the process"
case $(show StatusText) in *"2 sources"*) ;; *) fail "STATUS= after reload: $(show StatusText)" ;; esac

inside journalctl -u feedd --no-pager > "$tmp/journal"
grep -q 'feedd: info: serving on http://127.0.0.1:' "$tmp/journal" ||
    fail "journal: $(cat "$tmp/journal")"
grep -q 'Reloaded' "$tmp/journal" || fail "journal has no reload: $(cat "$tmp/journal")"

score=$(inside systemd-analyze security feedd 2> /dev/null |
    sed -n 's/.*Overall exposure level for feedd.service: \([0-9.]*\).*/\1/p')
[ -n "$score" ] || fail "systemd-analyze security gave no score"
awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || fail "exposure $score, want at most 2.0"

inside systemctl stop feedd
[ "$(show ActiveState)" = inactive ] || fail "after stop: $(show ActiveState)"
[ "$(show Result)" = success ] || fail "stop: Result=$(show Result)"
[ "$(show ExecMainStatus)" = 0 ] || fail "stop: exit status $(show ExecMainStatus)"

if [ -n "${FEEDD_DEB:-}" ]; then
	inside dpkg --purge feedd > "$tmp/purge.log" 2>&1 || fail "purge: $(cat "$tmp/purge.log")"
	for f in /etc/feedd.conf /usr/sbin/feedd /lib/systemd/system/feedd.service \
	    /usr/lib/systemd/system/feedd.service \
	    /etc/systemd/system/multi-user.target.wants/feedd.service; do
		inside test ! -e "$f" || fail "purge left $f"
	done
fi
echo "exposure $score; $(grep -c . "$tmp/journal") journal lines"
exit 0
