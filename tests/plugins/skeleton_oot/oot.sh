#!/bin/sh
# usage: oot.sh BUILD_DIR CMAKE
set -eu
build=$1
cmake=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Only the two components involved, so a broken install rule elsewhere in
# the tree does not hide what this test checks.
for comp in plugin-sdk worker; do
  "$cmake" --install "$build" --prefix "$tmp/prefix" --component "$comp" \
    >/dev/null
done
pc=$(find "$tmp/prefix" -name bbd-plugin.pc | head -n1)
[ -n "$pc" ] || { echo "bbd-plugin.pc not installed"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")"
pkg-config --cflags bbd-plugin | grep -q -- "-I$tmp/prefix" ||
  { echo "pkg-config gives $(pkg-config --cflags bbd-plugin)"; exit 1; }
[ -f "$tmp/prefix/include/bbd/plugin.h" ] || { echo "header missing"; exit 1; }
worker="$tmp/prefix/libexec/bbd/bbd-worker"
[ -x "$worker" ] || { echo "worker not installed in libexec/bbd"; exit 1; }
[ -x "$tmp/prefix/bin/bbd-worker" ] || { echo "worker not in bin"; exit 1; }

# 1. The plain Makefile.
cp -r "$tmp/prefix/share/bbd/skeleton" "$tmp/mk"
make -s -C "$tmp/mk" CFLAGS="-O2 -Wall -Wextra -Werror"
# 2. The standalone CMake project.
cp -r "$tmp/prefix/share/bbd/skeleton" "$tmp/cm"
"$cmake" -S "$tmp/cm" -B "$tmp/cm/build" >/dev/null
"$cmake" --build "$tmp/cm/build" >/dev/null

for so in "$tmp/mk/skeleton.so" "$tmp/cm/build/skeleton.so"; do
  "$worker" describe "$so" | grep -q '"id":"skeleton/example/sum"' ||
    { echo "describe failed for $so"; exit 1; }
done
out=$("$worker" run "$tmp/mk/skeleton.so" --quick --samples 3 \
  --warmup 0.01 --measure 0.05 --counters none --json)
echo "$out" | tail -n1 | grep -q '"total":2,"ok":2,"failed":0' ||
  { echo "run failed: $out"; exit 1; }
echo ok
