#!/bin/bash
# Section 3 pages (scripts/gen-man3 from lib/man3.def): one for every symbol
# libkos exports and for every header-only helper of nk/types.h (the
# handle-transport functions and the nk_handle_desc macro); synopses hold
# declarations, never bodies; every page renders without a groff warning.
# TAP.
set -u
root=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD:-$root/build}
man3=$build/man/man3
n=0 rc=0
t() {	# t OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; rc=1; fi
}
echo "TAP version 13"
echo "1..4"
missing=0
for f in $(sed -n 's/^\t\t\([A-Za-z0-9_]*\);$/\1/p' "$root/lib/libkos.map"); do
	[ -s "$man3/$f.3" ] || { echo "# no page: $f"; missing=1; }
done
t $missing "a page for every exported function"
missing=0
helpers=$(sed -n 's/^static inline [^(]*[ *]\(nk_[a-z_]*\)(.*/\1/p; s/^#define \(nk_handle_desc\)(.*/\1/p' \
	"$root/include/nk/types.h")
for f in $helpers; do
	[ -s "$man3/$f.3" ] || { echo "# no page: $f"; missing=1; }
done
[ "$(echo $helpers | wc -w)" -ge 6 ] || missing=1
t $missing "a page for each handle-transport helper of nk/types.h: $(echo $helpers)"
bodies=$(for p in "$man3"/*.3; do
	sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/p' "$p" | grep -q '{\|return ' && basename "$p"
done)
[ -z "$bodies" ]
t $? "synopses are declarations (no function bodies)${bodies:+: $(echo $bodies)}"
warn=$(for p in "$man3"/*.3; do
	w=$(groff -man -Tutf8 -ww -z "$p" 2>&1) && [ -z "$w" ] || echo "$(basename "$p"): $w"
done)
[ -z "$warn" ]
t $? "every page renders without a groff warning"
[ -n "$warn" ] && echo "$warn" | head -5 | sed 's/^/# /'
exit $rc
