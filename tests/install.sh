#!/bin/sh
# SPDX-License-Identifier: ISC
# make install into a temp DESTDIR puts every file where it belongs, never
# writes over an existing feedd.conf, and the unit names the installed
# paths; make uninstall takes it all away again.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# The binary reads by default the feedd.conf that make install puts in
# place, and the unit goes under the prefix unless it is /usr (where
# systemd's own folder is).
${MAKE:-make} -s -C "$top_builddir" print-install-paths > "$tmp/paths"
sysconfdir=$(sed -n 's/^sysconfdir=//p' "$tmp/paths")
prefix=$(sed -n 's/^prefix=//p' "$tmp/paths")
unitdir=$(sed -n 's/^systemdsystemunitdir=//p' "$tmp/paths")
"$top_builddir/src/feedd" --version | grep -qF "(configuration: $sysconfdir/feedd.conf)" ||
    fail "default configuration: $("$top_builddir/src/feedd" --version), installed in $sysconfdir"
if [ "$prefix" != /usr ]; then
	case $unitdir in
	"$prefix"/*) ;;
	*) fail "the unit goes to $unitdir, outside the prefix $prefix" ;;
	esac
fi

root=$tmp/root
inst() {
	${MAKE:-make} -s -C "$top_builddir" "$@" DESTDIR="$root" prefix=/usr \
	    sysconfdir=/etc systemdsystemunitdir=/lib/systemd/system \
	    > "$tmp/make.log" 2>&1 || fail "make $*: $(tail -5 "$tmp/make.log")"
}
inst install
for f in /usr/sbin/feedd /usr/bin/feedd-parse /usr/bin/feedd-atom \
    /etc/feedd.conf /lib/systemd/system/feedd.service \
    /usr/share/man/man8/feedd.8 /usr/share/man/man5/feedd.conf.5 \
    /usr/share/man/man5/feedd-article.5 /usr/share/man/man1/feedd-parse.1 \
    /usr/share/man/man1/feedd-atom.1; do
	[ -f "$root$f" ] || fail "not installed: $f"
done
[ -x "$root/usr/sbin/feedd" ] || fail "feedd not executable"
"$root/usr/sbin/feedd" --check -c "$root/etc/feedd.conf" > /dev/null ||
    fail "the installed feedd.conf does not check"
grep -qx 'ExecStart=/usr/sbin/feedd -c /etc/feedd.conf' \
    "$root/lib/systemd/system/feedd.service" || fail "unit paths"
grep -q '@[a-z]*dir@' "$root/lib/systemd/system/feedd.service" && fail "unsubstituted"
# Reload needs nothing but /bin/sh (a minimal system has no /bin/kill).
grep -qx "ExecReload=/bin/sh -c 'kill -HUP \"\$MAINPID\"'" \
    "$root/lib/systemd/system/feedd.service" || fail "ExecReload"

# The sandbox: systemd's exposure score at most 2.0.
if command -v systemd-analyze > /dev/null; then
	score=$(systemd-analyze security --offline=yes \
	    "$root/lib/systemd/system/feedd.service" 2>&1 |
	    sed -n 's/.*Overall exposure level for feedd.service: \([0-9.]*\).*/\1/p')
	[ -n "$score" ] || fail "no exposure score"
	awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' ||
	    fail "exposure $score, want 2.0 or lower"
	echo "systemd-analyze security: exposure $score"
elif [ "${FEEDD_REQUIRE_ALL:-0}" = 1 ]; then
	fail "systemd-analyze is missing"
fi

# An existing configuration is the admin's: never written over.
echo '; mine' >> "$root/etc/feedd.conf"
inst install
tail -n 1 "$root/etc/feedd.conf" | grep -qx '; mine' || fail "feedd.conf overwritten"

# Uninstall leaves the admin's file and nothing of ours.
inst uninstall
[ -f "$root/etc/feedd.conf" ] || fail "the changed feedd.conf was removed"
rm "$root/etc/feedd.conf"
left=$(find "$root" -type f)
[ -z "$left" ] || fail "left after uninstall: $left"
exit 0
