#!/bin/sh
# kos.ko's sources stand in layers (TAP): no unit uses, through #include or
# a symbol of its object, a unit that uses it back; the layers documented
# in Documentation/kmod-layers.txt are the ones the sources have; and the
# checker does find a cycle when there is one.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
layers=$root/scripts/kmod-layers
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

echo "1..3"
if [ ! -x "$layers" ]; then
	echo "not ok 1 # $layers not found (run from build/selftests/layers)"
	exit 1
fi

if out=$("$layers" 2>&1 >/dev/null); then
	echo "ok 1 kmod sources form layers${out:+ # $out}"
else
	echo "not ok 1 kmod sources form layers"
	echo "# $out"
	fails=$((fails + 1))
fi

if out=$("$layers" --check "$root/Documentation/kmod-layers.txt" 2>&1 >/dev/null); then
	echo "ok 2 Documentation/kmod-layers.txt matches the sources"
else
	echo "not ok 2 Documentation/kmod-layers.txt matches the sources"
	echo "# $out"
	fails=$((fails + 1))
fi

# A two-unit circle: a.c includes b.h, b.c includes a.h.
printf '#include "b.h"\n' >"$tmp/a.c"
printf '#include "a.h"\n' >"$tmp/b.c"
: >"$tmp/a.h"
: >"$tmp/b.h"
out=$("$layers" --kmod "$tmp" 2>&1 >/dev/null)
case $? in
1) case $out in
   *"cycle: a -> b -> a"*) echo "ok 3 a cycle is reported" ;;
   *) echo "not ok 3 a cycle is reported # said: $out"; fails=$((fails + 1)) ;;
   esac ;;
*) echo "not ok 3 a cycle is reported # exit 0"; fails=$((fails + 1)) ;;
esac
[ "$fails" = 0 ]
