#!/bin/sh
# kos-fuzz in the VM, as root and as an unprivileged user, for
# KOS_FUZZ_SECONDS each (default 15), with KOS_FUZZ_SEED if given.  The
# kernel's checkers and the harness's leak counters judge what it did;
# kos-fuzz itself fails on an undocumented errno or a worker that died.
[ -c /dev/kos ] || { echo "1..0 # SKIP /dev/kos missing: load the module (modprobe kos)"; exit 4; }
fuzz=$(command -v kos-fuzz) || { echo "1..0 # SKIP kos-fuzz not installed"; exit 4; }
secs=${KOS_FUZZ_SECONDS:-15}
seed=${KOS_FUZZ_SEED:+--seed=$KOS_FUZZ_SEED}
rc=0
n=0
for who in root 65534; do
	n=$((n + 1))
	user=
	[ "$who" = root ] || user=--user=$who
	out=$(mktemp)
	$fuzz --seconds="$secs" $seed $user >"$out" 2>&1
	st=$?
	sed 's/^/# /' "$out"
	last=$(tail -n 1 "$out")
	if [ $st -eq 0 ]; then
		echo "ok $n kos-fuzz as $who: ${last#kos-fuzz: }"
	else
		echo "not ok $n kos-fuzz as $who (status $st): ${last#kos-fuzz: }"
		rc=1
	fi
	rm -f "$out"
done
echo "1..$n"
exit $rc
