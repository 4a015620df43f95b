#!/bin/sh
# The OCap usage example of the reference, run as a program (TAP).
[ -c /dev/kos ] || { echo "1..0 # SKIP /dev/kos missing: load the module (modprobe kos)"; exit 4; }
echo "1..1"
out=$(kos-ocap-example -n 5 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
if [ $rc -eq 0 ] && echo "$out" | grep -q "after close: rcHandleRevoked"; then
	echo "ok 1 ocap_example"
else
	echo "not ok 1 ocap_example (exit $rc)"
	exit 1
fi
