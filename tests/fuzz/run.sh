#!/bin/sh
# SPDX-License-Identifier: ISC
# Build the libFuzzer targets with clang and run one.
#   tests/fuzz/run.sh TARGET [SECONDS]	TARGET: feed, html, date, xmlprep or extract
# The seed corpus is tests/fuzz/corpus/TARGET; what the run finds goes to
# fuzz-out/TARGET in the current folder (crashes as fuzz-out/crash-*), so
# the repository's corpus changes only by hand.  `make fuzz` runs each
# target for FUZZ_SECONDS (60 by default).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
target=$1
seconds=${2:-60}
out=fuzz-out
mkdir -p "$out/$target" "$out/bin"
[ -f config.h ] || { echo "run from a configured build folder" >&2; exit 1; }

pkgs="libxml-2.0 libidn2"
# The pure pipeline, as Makefile.am lists it (src/libpipeline.a): the
# targets link nothing else.
srcs=
for f in $(make -s pipeline-sources); do
	srcs="$srcs $top/$f"
done
[ -n "$srcs" ] || { echo "make pipeline-sources gave nothing" >&2; exit 1; }
# shellcheck disable=SC2086
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -include config.h -I"$top/src" $(pkg-config --cflags $pkgs) \
    -o "$out/bin/fuzz_$target" "$here/fuzz_$target.c" $srcs \
    $(pkg-config --libs $pkgs)
# Seeds: the target's own corpus, and the test fixtures of its input kind.
seeds=
for d in "$here/corpus/$target" "$top/tests/data/$(case $target in
    feed) echo parse ;; extract) echo extract ;; *) echo none ;; esac)"; do
	[ -d "$d" ] && seeds="$seeds $d"
done
# shellcheck disable=SC2086
"$out/bin/fuzz_$target" -max_total_time="$seconds" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/" "$out/$target" $seeds
