#!/bin/sh
# SPDX-License-Identifier: ISC
# The layers hold: the pure pipeline includes nothing of the collection or
# the daemon (nor their libraries' headers), the collection nothing of the
# daemon; every file of src/ is in a layer; README's layout names every
# module; and no function is longer than 80 lines but the XML lexer.
# The layers are Makefile.am's lists, which the build makes libraries of.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

[ -n "${LAYER_PIPELINE:-}" ] && [ -n "${LAYER_DAEMON:-}" ] ||
    fail "run from make check (the layers come from Makefile.am)"

# The module names (file names without .c/.h) of a list of sources.
modules() {
	for f in "$@"; do
		f=${f##*/}
		echo "${f%.*}"
	done | sort -u
}
pipeline=$(modules $LAYER_PIPELINE)
collection=$(modules $LAYER_COLLECTION)

# check FILE ALLOWED...: FILE includes only headers of the ALLOWED modules.
check() {
	file=$1
	shift
	sed -n 's/^#include "\(.*\)\.h".*/\1/p' "$top_srcdir/$file" |
	while read -r inc; do
		case " $* " in
		*" $inc "*) ;;
		*) echo "$file includes $inc.h, which is not of its layer" ;;
		esac
	done
	grep -n '^#include <\(ev\|curl/\|microhttpd\|ini\|systemd/\)' \
	    "$top_srcdir/$file" | sed "s|^|$file: a daemon library: |"
	# config.h is forced in by the build for every file.
}

out=$tmp/out
: > "$out"
for f in $LAYER_PIPELINE; do
	check "$f" $pipeline >> "$out"
done
for f in $LAYER_COLLECTION; do
	check "$f" $pipeline $collection >> "$out"
done
[ -s "$out" ] && fail "layers: $(cat "$out")"

# Every file of src/ is in a layer or is a program's main.
for f in "$top_srcdir"/src/*.c "$top_srcdir"/src/*.h; do
	f=src/${f##*/}
	case " $LAYER_PIPELINE $LAYER_COLLECTION $LAYER_DAEMON $PROGRAM_SOURCES " in
	*" $f "*) ;;
	*) fail "$f is in no layer of Makefile.am" ;;
	esac
done

# README's layout names every module.
layout=$tmp/layout
sed -n '/^## Layout/,/^## /p' "$top_srcdir/README.md" > "$layout"
for m in $(modules $LAYER_PIPELINE $LAYER_COLLECTION $LAYER_DAEMON); do
	grep -q "\`$m\`" "$layout" || fail "README's layout does not name $m"
done

# Functions: from a "{" in the first column to the "}" that closes it.
awk '
/^[a-z_][a-z_0-9]*\(/ { name = $0; sub(/\(.*/, "", name) }
/^\{/ { start = FNR }
/^\}/ {
	if (start && FNR - start - 1 > 80 && name != "xmlprep_lex")
		printf "%s: %s is %d lines\n", FILENAME, name, FNR - start - 1
	start = 0
}' "$top_srcdir"/src/*.c > "$out"
[ -s "$out" ] && fail "long functions: $(cat "$out")"
exit 0
