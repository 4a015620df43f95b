#!/bin/bash
# DKMS builds kos.ko for each stock test kernel (6.1, 6.12, 6.12-rt) from
# the source tree the kos-dkms package ships, with dkms.conf, in a private
# DKMS tree; the module is for that kernel and modinfo describes every
# parameter.  TAP.
set -u
root=$(cd "$(dirname "$0")/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
kernels=$(bash "$root/scripts/vm-kernels" | grep -v -- '-kos-debug$')
n=0 rc=0
t() {	# t OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; rc=1; fi
}
echo "TAP version 13"
if ! command -v dkms >/dev/null; then
	echo "1..0 # SKIP dkms is not installed (scripts/deps.sh)"
	exit 0
fi
if [ -z "$kernels" ]; then
	echo "1..0 # SKIP no test kernel with headers"
	exit 0
fi
echo "1..$(($(echo "$kernels" | wc -l) * 3))"
params=$(grep -ho 'module_param[a-z_]*([a-z_]*' "$root"/kmod/*.c | wc -l)
for k in $kernels; do
	ko=$(bash "$root/scripts/dkms-build" "$k" "$tmp/dkms" 2>"$tmp/err")
	t $? "dkms builds kos.ko for $k"
	[ -s "$tmp/err" ] && sed 's/^/# /' "$tmp/err" | tail -20
	magic=$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)
	[ "$magic" = "$k" ]
	t $? "the module is for $k (vermagic '$magic')"
	described=$(modinfo -F parm "$ko" 2>/dev/null | grep -c ':[A-Z].* (')
	[ "$described" -ge "$params" ] && [ "$params" -gt 0 ]
	t $? "modinfo describes all $params parameters ($described)"
done
exit $rc
