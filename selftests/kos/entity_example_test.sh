#!/bin/sh
# The Entity example (examples/entity): a launcher starts a block device
# server and a client as two processes; the client reads over the wired
# channel and over one found through the name server and the connection
# manager (TAP).
[ -c /dev/kos ] || { echo "1..0 # SKIP /dev/kos missing: load the module (modprobe kos)"; exit 4; }
echo "1..1"
out=$(timeout 60 entity-launcher 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
if [ $rc -eq 0 ] &&
   echo "$out" | grep -q 'connected by the launcher: read "block 1 of blkdev.ata"' &&
   echo "$out" | grep -q 'name server: ata provides blkdev.ata' &&
   echo "$out" | grep -q 'found by name: read "block 2 of blkdev.ata"' &&
   echo "$out" | grep -q 'server: reader asks for blkdev.ata: accepted'; then
	echo "ok 1 entity_example"
else
	echo "not ok 1 entity_example (exit $rc)"
	exit 1
fi
