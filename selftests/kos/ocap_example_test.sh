#!/bin/sh
# The OCap usage example of the reference, run as a program (TAP).
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
