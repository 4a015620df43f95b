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

# kos-run --oci-hook, the precreate hook (runc runs its output in the VM:
# selftests/kos/container_test.sh).  Same JSON, compared as data.
same_json() { "$py" -c 'import json, sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$1" "$2"; }
cfg='{"ociVersion": "1.0.2", "process": {"args": ["sh"]}, "linux": {"namespaces": []}'
echo "$cfg, \"annotations\": {\"org.kos-linux.profile\": \"mystikos\"}}" >"$tmp/ann.json"
"$kos_run" --oci-hook <"$tmp/ann.json" >"$tmp/hooked.json" &&
	"$py" -c 'import json, sys; json.dump(json.load(open(sys.argv[1]))["linux"]["seccomp"], open(sys.argv[2], "w"))' \
		"$tmp/hooked.json" "$tmp/hooked-seccomp.json" &&
	"$kos_profile" export mystikos --format oci >"$tmp/export.json" &&
	same_json "$tmp/hooked-seccomp.json" "$tmp/export.json" &&
	"$py" -c 'import json, sys; c = json.load(open(sys.argv[1])); sys.exit(c["linux"]["namespaces"] != [] or c["process"]["args"] != ["sh"])' "$tmp/hooked.json"
t $? "kos-run --oci-hook: the annotated profile's OCI export becomes linux.seccomp, the rest stays"
echo "$cfg}" >"$tmp/plain.json"
"$kos_run" --oci-hook <"$tmp/plain.json" >"$tmp/out.json" && same_json "$tmp/plain.json" "$tmp/out.json"
t $? "kos-run --oci-hook: a config naming no profile passes unchanged"
"$kos_run" --oci-hook --profile kasperskyos <"$tmp/plain.json" >"$tmp/out.json" &&
	"$kos_profile" export kasperskyos --format oci >"$tmp/export.json" &&
	"$py" -c 'import json, sys; json.dump(json.load(open(sys.argv[1]))["linux"]["seccomp"], open(sys.argv[2], "w"))' \
		"$tmp/out.json" "$tmp/out-seccomp.json" && same_json "$tmp/out-seccomp.json" "$tmp/export.json"
t $? "kos-run --oci-hook --profile: the profile given wins"
# Known rows of the kasperskyos table, not only "same as the export":
# fork and clone without CLONE_THREAD (0x10000) fail with ENOSYS (38).
"$py" - "$tmp/out.json" <<'P'
import json, sys
calls = json.load(open(sys.argv[1]))["linux"]["seccomp"]["syscalls"]
def rule(name):
    return [c for c in calls if c["names"] == [name]]
ok = any(c["action"] == "SCMP_ACT_ERRNO" and c["errnoRet"] == 38 for c in rule("fork"))
ok &= any(c.get("errnoRet") == 38 and c["args"] == [{"index": 0, "value": 65536, "valueTwo": 0,
          "op": "SCMP_CMP_MASKED_EQ"}] for c in rule("clone"))
sys.exit(not ok)
P
t $? "kos-run --oci-hook: fork, and clone without CLONE_THREAD, fail with ENOSYS (38)"
big='{"process": {"rlimits": [{"type": "RLIMIT_CORE", "hard": 18446744073709551615, "soft": 18446744073709551615}]}, "annotations": {"org.kos-linux.profile": "kasperskyos"}}'
echo "$big" | "$kos_run" --oci-hook 2>"$tmp/err" | grep -c '"hard": 18446744073709551615' | grep -qx 1
t $? "kos-run --oci-hook keeps 64-bit values exact (an RLIM_INFINITY rlimit)"
echo '{"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ERRNO"}}}' |
	"$kos_run" --oci-hook -p mystikos 2>"$tmp/err" >/dev/null && grep -q "replaces the container's seccomp filter" "$tmp/err"
t $? "kos-run --oci-hook says when it replaces the container's filter"
for bad in 'not json' '["array"]' '{"a": 1} trailing' '' '{"annotations": {"org.kos-linux.profile": "nosuch"}}' \
	   '{"annotations": {"org.kos-linux.profile": "/dev/zero"}}' \
	   '{"annotations": {"org.kos-linux.profile": "../profiles/kasperskyos"}}' \
	   '{"annotations": {"org.kos-linux.profile": ""}}' \
	   '{"annotations": {"org.kos-linux.profile": 7}}' '{"linux": 1, "annotations": {"org.kos-linux.profile": "mystikos"}}'; do
	echo "$bad" | "$kos_run" --oci-hook >"$tmp/out.json" 2>"$tmp/err"
	st=$?
	[ $st = 125 ] && [ ! -s "$tmp/out.json" ] && grep -q '^kos-run: ' "$tmp/err"
	t $? "kos-run --oci-hook refuses '$bad' with status 125 and a reason ($(head -1 "$tmp/err"))"
done
echo '{}' | "$kos_run" --oci-hook --mode audit >/dev/null 2>&1
[ $? = 125 ]
t $? "kos-run --oci-hook refuses --mode (it runs no program)"

echo "1..$n"
[ $fails = 0 ]
