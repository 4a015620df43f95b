#!/bin/sh
# Real programs under the kasperskyos profile (TAP).  Each check also runs
# the program without kos-run where the outcome differs, so the profile, not
# the environment, makes the difference.
here=$(cd "$(dirname "$0")" && pwd)
kos_run=$here/../../tools/kos-run
kos_profile=$here/../../tools/kos-profile
n=0
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

t() {	# t OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; fails=$((fails + 1)); fi
}

# the interpreter itself, not a wrapper script (exec after start is refused)
py=/usr/bin/python3
[ -x $py ] || py=$(command -v python3)
fork_py='import os
try:
    pid = os.fork()
except OSError as e:
    print(e.errno == 38 and "ENOSYS" or e.errno); raise SystemExit
if pid == 0: os._exit(0)
os.waitpid(pid, 0); print("forked")'
out=$("$kos_run" -- "$py" -c "$fork_py" 2>&1)
nat=$("$py" -c "$fork_py" 2>&1)
[ "$out" = ENOSYS ] && [ "$nat" = forked ]; t $? "python3 os.fork() fails with ENOSYS (profile: $out, linux: $nat)"

cat >"$tmp/nofork.sh" <<'S'
i=0; s=0
while [ $i -lt 10 ]; do s=$((s + i)); i=$((i + 1)); done
read line <"$0"
case "$line" in i=0*) echo "sum=$s";; esac
S
out=$("$kos_run" -- busybox sh "$tmp/nofork.sh" 2>&1)
[ "$out" = "sum=45" ]; t $? "busybox sh script that needs no fork runs (got: $out)"

out=$("$kos_run" -- busybox sh -c 'echo a | busybox cat' 2>&1); st=$?
nat=$(busybox sh -c 'echo a | busybox cat' 2>&1)
[ $st -ne 0 ] && echo "$out" | grep -q "can't fork: Function not implemented" && [ "$nat" = a ]
t $? "busybox pipeline needing fork fails with a clear error (status $st: $out)"

out=$("$kos_run" -- sqlite3 :memory: 'create table t(a); insert into t values (1),(2),(39); select sum(a) from t;' 2>&1)
[ "$out" = 42 ]; t $? "sqlite3 in-memory database works (got: $out)"

"$kos_run" -- sh -c 'exit 7' 2>/dev/null; st=$?
[ $st = 7 ]; t $? "exit status passed through ($st)"

"$kos_run" -- busybox sh -c 'kill -TERM $$' 2>/dev/null; st=$?
[ $st = 143 ]; t $? "death by signal passed through ($st)"

"$kos_run" -- /nonexistent/prog 2>/dev/null; st=$?
[ $st = 127 ]; t $? "missing program: status 127 ($st)"

out=$("$kos_run" -m audit -- "$py" -c "$fork_py" 2>&1)
echo "$out" | grep -q "kos-run: audit: fork: clone(" && echo "$out" | grep -q forked
t $? "audit mode lets fork through and logs it"

out=$("$kos_run" -m report -- "$py" -c 'import os; os.getppid(); os.system("true")' 2>&1)
echo "$out" | grep -q "^getppid  *getppid  *[1-9]" && echo "$out" | grep -q "^system  *system  *1  .*python3"
t $? "report mode: table with counts and first call site, seccomp and shim rows"

out=$("$kos_run" -p mystikos -- "$py" -c 'import os; os.eventfd(0)' 2>&1); st=$?
[ $st = 137 ] && echo "$out" | grep -q "eventfd2 is unsupported by profile mystikos"
t $? "mystikos: an unsupported call stops the program, naming the call"

cat >"$tmp/my.profile" <<'S'
include kasperskyos
getuid | restricted | seccomp | getuid | EPERM | my extension
S
out=$("$kos_run" -p "$tmp/my.profile" -- "$py" -c 'import os
try: os.fork()
except OSError as e: print(e.errno)
print(os.getuid())' 2>&1)
[ "$out" = "38
4294967295" ] || [ "$out" = "38
-1" ]; t $? "a user profile extends a built-in one (got: $(echo $out))"

for abi in i386 x32; do
	"$kos_run" -- "$here/probe" $abi >/dev/null 2>&1; st=$?
	nat=$("$here/probe" $abi 2>/dev/null)
	if [ $abi = i386 ] && [ "$nat" != OK ]; then
		echo "ok $((n = n + 1)) i386 system call killed # SKIP no i386 emulation in this kernel"
		continue
	fi
	[ $st = 159 ]; t $? "$abi system call killed with SIGSYS (status $st; without profile: $nat)"
done

out=$("$kos_profile" scan "$here/probe" 2>&1)
echo "$out" | grep -q "^fork  *fork  *seccomp" && echo "$out" | grep -q "^popen  *popen  *shim"
t $? "kos-profile scan lists the limited imports of an ELF"

for p in kasperskyos mystikos; do
	"$kos_profile" show $p --rst | cmp -s - "@ROOT@/Documentation/posix-profile-$p.rst"
	t $? "Documentation/posix-profile-$p.rst is what 'kos-profile show $p --rst' generates"
done

# OCI export, used by runc: fork fails, ordinary work succeeds.
if ! command -v runc >/dev/null || [ "$(id -u)" != 0 ]; then
	echo "ok $((n = n + 1)) runc with the OCI export # SKIP needs runc and root"
else
	b=$tmp/bundle
	mkdir -p "$b/rootfs/bin" "$b/rootfs/proc" "$b/rootfs/dev" "$b/rootfs/tmp"
	cp /bin/busybox "$b/rootfs/bin/busybox"
	(cd "$b" && runc spec >/dev/null 2>&1)
	"$kos_profile" export kasperskyos --format oci >"$tmp/seccomp.json"
	"$py" - "$b/config.json" "$tmp/seccomp.json" <<'P'
import json, sys
c = json.load(open(sys.argv[1]))
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/busybox", "sh", "-c",
    "echo work > /tmp/f; read l < /tmp/f; echo got-$l; echo x | busybox cat"]
c["linux"]["seccomp"] = json.load(open(sys.argv[2]))
c["root"]["readonly"] = False
json.dump(c, open(sys.argv[1], "w"))
P
	# stdout and stderr apart: their writes interleave on one pipe.
	out=$(cd "$b" && timeout 60 runc run "kosposix$$" 2>"$tmp/runc.err"); st=$?
	err=$(cat "$tmp/runc.err")
	runc delete -f "kosposix$$" >/dev/null 2>&1
	if echo "$err" | grep -qi "permission denied\|operation not permitted\|cgroup\|no such file or directory: unknown"; then
		echo "ok $((n = n + 1)) runc with the OCI export # SKIP runc cannot run here: $(echo "$err" | tail -1)"
	else
		echo "$out" | grep -q "^got-work$" && echo "$err" | grep -q "can't fork: Function not implemented"
		t $? "runc with the OCI export: fork fails with ENOSYS, ordinary work succeeds (status $st: $(echo $out) / $(echo $err))"
	fi
fi

echo "1..$n"
[ $fails = 0 ]
