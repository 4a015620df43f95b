#!/bin/bash
# The kselftest install of the module's suite, as kernel CI systems consume
# it: make -C selftests install INSTALL_PATH=DIR gives DIR/run_kselftest.sh,
# the kselftest runner, kselftest-list.txt naming every test program of the
# VM suites and a settings file with a timeout per suite; the runner runs an
# installed program (a skip without /dev/kos) and tap-summary counts the
# programs' own results under it.  TAP.
set -u
root=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD:-$root/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 rc=0
t() {	# t OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; rc=1; fi
}
echo "TAP version 13"
echo "1..10"
ks=$tmp/ks
suites=$(make -s -C "$root/selftests" print-vm-suites)
make -s -C "$root/selftests" install INSTALL_PATH="$ks" >"$tmp/log" 2>&1
t $? "make -C selftests install INSTALL_PATH=DIR"
sed 's/^/# /' "$tmp/log"
[ -x "$ks/run_kselftest.sh" ] && [ -r "$ks/kselftest/runner.sh" ] && [ -x "$ks/kselftest/prefix.pl" ]
t $? "run_kselftest.sh and kselftest/runner.sh installed"

# Every test program the VM suites build is listed, as SUITE:PROGRAM, and installed.
want=$(for s in $suites; do
	find "$build/selftests/$s" -maxdepth 1 -type f -perm -u+x -name '*_test' -printf "$s:%f\n"
done | sort)
got=$(sort "$ks/kselftest-list.txt" 2>/dev/null)
[ -n "$want" ] && [ "$want" = "$got" ]
t $? "kselftest-list.txt lists the $(echo "$want" | wc -l) test programs of: $suites"
missing=0
for e in $got; do [ -x "$ks/${e%%:*}/${e#*:}" ] || { echo "# not installed: $e"; missing=1; }; done
t $missing "each listed program is installed and executable"
bad=0
for s in $suites; do
	grep -Eq '^timeout=[1-9][0-9]*$' "$ks/$s/settings" 2>/dev/null || { echo "# $s/settings: no timeout"; bad=1; }
done
t $bad "each suite's settings gives the runner a timeout"
[ "$("$ks/run_kselftest.sh" -l | sort)" = "$got" ]
t $? "run_kselftest.sh -l lists the same tests"

# An installed program through the runner: without the module it skips.
first=$(echo "$got" | grep -m1 ':abi_table_test$')
if [ -e /dev/kos ]; then
	t 0 "the runner runs $first # SKIP /dev/kos present on this host"
else
	LD_LIBRARY_PATH=$build/lib "$ks/run_kselftest.sh" -t "$first" 2>&1 | cat >"$tmp/run.tap"
	sed 's/^/# /' "$tmp/run.tap"
	grep -q "^ok 1 selftests: ${first%%:*}: ${first#*:} # SKIP" "$tmp/run.tap"
	t $? "the runner runs $first: a skip without /dev/kos"
fi

# tap-summary: a program's own results count, the runner's line only for a
# crash or a timeout.
cat >"$tmp/nested.tap" <<'TAP'
TAP version 13
1..3
# selftests: kos: a_test
# 1..3
# ok 1 one
# not ok 2 two
# ok 3 three # SKIP no device
not ok 1 selftests: kos: a_test # exit=1
# selftests: kos: b_test
# 1..2
# ok 1 one
# ok 2 two
not ok 2 selftests: kos: b_test # TIMEOUT 600 seconds
# selftests: kos: c_test
ok 3 selftests: kos: c_test
ok 4 top level
TAP
[ "$(bash "$root/scripts/tap-summary" "$tmp/nested.tap")" = "5 passed, 2 failed, 1 skipped" ]
t $? "tap-summary counts results under the kselftest runner"

make -s -C "$root/selftests" install INSTALL_PATH="$tmp/x" TARGETS=nosuch >/dev/null 2>"$tmp/err"
[ $? != 0 ] && grep -q "unknown TARGETS: nosuch" "$tmp/err"
t $? "an unknown suite in TARGETS is refused by name"
make -s -C "$root/selftests" install >/dev/null 2>"$tmp/err"
[ $? != 0 ] && grep -q "INSTALL_PATH" "$tmp/err"
t $? "install without INSTALL_PATH is refused"
exit $rc
