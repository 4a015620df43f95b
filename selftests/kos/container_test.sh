#!/bin/sh
# Containers with a real OCI runtime (runc; cgroup v2, namespaces, a
# busybox root, --no-pivot as the VM runs from an initramfs).  (a) The
# seccomp section `kos-profile export --format oci` writes: fork fails with
# ENOSYS, ordinary work succeeds (and without it fork works).  (b) /dev/kos
# in two containers: a Call between a server and a client in one works,
# its name is found neither from the other container nor from the VM's
# own namespace, and the other container can publish the same name for
# itself.  (c) kos-run as the OCI precreate hook (the annotation
# org.kos-linux.profile) and as the container's wrapper.  TAP.
[ -c /dev/kos ] || { echo "1..0 # SKIP /dev/kos missing: load the module (modprobe kos)"; exit 4; }
command -v runc >/dev/null || { echo "1..0 # SKIP runc is not installed"; exit 4; }
[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP runc needs root"; exit 4; }
[ -r /sys/fs/cgroup/cgroup.controllers ] || { echo "1..0 # SKIP no cgroup v2 at /sys/fs/cgroup"; exit 4; }
[ -e /proc/sys/kernel/unprivileged_bpf_disabled ] ||
	{ echo "1..0 # SKIP no bpf(): runc's cgroup v2 device rules need CONFIG_BPF_SYSCALL, CONFIG_CGROUP_BPF"; exit 4; }

tmp=$(mktemp -d)
state=$tmp/state
shared=$tmp/shared
mkdir -p "$state" "$shared"
cleanup() {
	for id in $(runc --root "$state" list -q 2>/dev/null); do
		runc --root "$state" delete -f "$id" >/dev/null 2>&1
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' TERM INT HUP	# the runner's timeout: clean up all the same
n=0 fails=0
t() {	# t OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; fails=$((fails + 1)); fi
}
show() { sed 's/^/# /' "$@"; }

dev=$(stat -c '%t %T' /dev/kos)
major=$((0x${dev% *}))
minor=$((0x${dev#* }))

# bundle NAME COMMAND [LINUX_EXTRA [TOP_EXTRA]]: a bundle whose process is
# "sh -c COMMAND" (one line, no double quotes or backslashes in it), the VM's /bin,
# /lib, /lib64 and /usr bound read-only, /shared read-write, /dev/kos in.
bundle() {
	b=$tmp/$1
	mkdir -p "$b/rootfs/bin" "$b/rootfs/lib" "$b/rootfs/lib64" "$b/rootfs/usr" \
		"$b/rootfs/proc" "$b/rootfs/dev" "$b/rootfs/tmp" "$b/rootfs/shared"
	ro='"type": "bind", "options": ["rbind", "ro"]'
	cat >"$b/config.json" <<JSON
{
  "ociVersion": "1.0.2",
  ${4:-}
  "process": {
    "terminal": false,
    "user": { "uid": 0, "gid": 0 },
    "args": ["/bin/busybox", "sh", "-c", "$2"],
    "env": ["PATH=/bin:/usr/bin", "LD_LIBRARY_PATH=$LD_LIBRARY_PATH",
            "KOS_PROFILE_DIR=$KOS_PROFILE_DIR", "KOS_POSIX_SHIM=$KOS_POSIX_SHIM"],
    "cwd": "/",
    "noNewPrivileges": true
  },
  "root": { "path": "rootfs", "readonly": true },
  "hostname": "$1",
  "mounts": [
    { "destination": "/proc", "type": "proc", "source": "proc" },
    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "mode=755"] },
    { "destination": "/tmp", "type": "tmpfs", "source": "tmpfs" },
    { "destination": "/bin", "source": "/bin", $ro },
    { "destination": "/lib", "source": "/lib", $ro },
    { "destination": "/lib64", "source": "/lib64", $ro },
    { "destination": "/usr", "source": "/usr", $ro },
    { "destination": "/shared", "source": "$shared", "type": "bind", "options": ["rbind", "rw"] }
  ],
  "linux": {
    "namespaces": [ { "type": "pid" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" } ],
    "devices": [ { "path": "/dev/kos", "type": "c", "major": $major, "minor": $minor,
                   "fileMode": 438, "uid": 0, "gid": 0 } ],
    "resources": { "devices": [ { "allow": false, "access": "rwm" },
      { "allow": true, "type": "c", "major": $major, "minor": $minor, "access": "rw" },
      { "allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm" },
      { "allow": true, "type": "c", "major": 1, "minor": 5, "access": "rwm" } ] }
    ${3:-}
  }
}
JSON
}

# run NAME: run bundle NAME to its end; its stdout in $tmp/NAME.out,
# stderr in $tmp/NAME.err (apart: their writes interleave on one pipe).
run() {
	timeout -k 5 120 runc --root "$state" run --no-pivot --bundle "$tmp/$1" "$1" \
		</dev/null >"$tmp/$1.out" 2>"$tmp/$1.err"
	st=$?
	runc --root "$state" delete -f "$1" >/dev/null 2>&1
	return $st
}

# Ordinary work, then a pipeline: the shell forks for it.
work='echo work > /tmp/f; read l < /tmp/f; echo got-$l; echo piped | cat'
forked() {	# forked NAME: the work ran and the pipeline's fork worked
	grep -q '^got-work$' "$tmp/$1.out" && grep -q '^piped$' "$tmp/$1.out"
}
refused() {	# refused NAME: the work ran and fork failed with ENOSYS
	grep -q '^got-work$' "$tmp/$1.out" && ! grep -q '^piped$' "$tmp/$1.out" &&
		grep -q "can't fork: Function not implemented" "$tmp/$1.err"
}

echo "TAP version 13"
echo "1..9"

# (a) the OCI export as the container's seccomp section
bundle plain "$work"
run plain
forked plain
t $? "a container without a profile forks (status $st)"
show "$tmp/plain.out" "$tmp/plain.err"
kos-profile export kasperskyos --format oci >"$tmp/seccomp.json"
bundle exported "$work" ", \"seccomp\": $(cat "$tmp/seccomp.json")"
run exported
refused exported
t $? "the kasperskyos OCI export: fork fails with ENOSYS, ordinary work succeeds"
show "$tmp/exported.out" "$tmp/exported.err"

# (b) /dev/kos in two containers, each with its own names
# (one line each, as a JSON string holds no newline; every wait bounded)
bundle ca 'kos-ping --serve demo.echo > /shared/a.serve & s=$!; i=0; until [ -s /shared/a.serve ] || [ $i = 600 ]; do sleep 0.1; i=$((i+1)); done; kos-ping -t 5000 demo.echo from-a > /shared/a.ping 2>&1; echo $? > /shared/a.rc; i=0; until [ -e /shared/b.done ] || [ $i = 600 ]; do sleep 0.1; i=$((i+1)); done; kill $s'
timeout -k 5 120 runc --root "$state" run --no-pivot --bundle "$tmp/ca" ca \
	</dev/null >"$tmp/ca.out" 2>"$tmp/ca.err" &
ca=$!
i=0
while [ ! -s "$shared/a.rc" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(cat "$shared/a.rc" 2>/dev/null)" = 0 ] && grep -q '^reply from demo.echo: from-a' "$shared/a.ping"
t $? "a Call between a server and a client in one container"
show "$shared/a.ping" "$tmp/ca.err" 2>/dev/null

kos-ping -t 300 demo.echo from-vm >"$tmp/vm.ping" 2>&1
st=$?
[ $st = 1 ] && grep -q 'not found: rcTimeout' "$tmp/vm.ping"
t $? "the container's name is not found from the VM's namespace"
show "$tmp/vm.ping"

bundle cb 'kos-ping -t 300 demo.echo from-b > /shared/b.ping 2>&1; echo $? > /shared/b.rc; kos-ping --serve demo.echo > /shared/b.serve & s=$!; i=0; until [ -s /shared/b.serve ] || [ $i = 600 ]; do sleep 0.1; i=$((i+1)); done; kos-ping -t 5000 demo.echo from-b2 > /shared/b2.ping 2>&1; echo $? > /shared/b2.rc; kill $s'
run cb
touch "$shared/b.done"
[ "$(cat "$shared/b.rc" 2>/dev/null)" = 1 ] && grep -q 'not found: rcTimeout' "$shared/b.ping"
t $? "the name published in one container is not found from the other"
show "$shared/b.ping" "$tmp/cb.err" 2>/dev/null
[ "$(cat "$shared/b2.rc" 2>/dev/null)" = 0 ] && grep -q '^reply from demo.echo: from-b2' "$shared/b2.ping"
t $? "the other container publishes the same name for itself and Calls it"
show "$shared/b2.ping" 2>/dev/null
wait $ca
t $? "the first container ends cleanly once the second is done"
show "$tmp/ca.out" "$tmp/ca.err"

# (c) kos-run as the precreate hook (what Podman runs for the annotation)
bundle hooked "$work" "" '"annotations": { "org.kos-linux.profile": "kasperskyos" },'
kos-run --oci-hook <"$tmp/hooked/config.json" >"$tmp/hooked.json" 2>"$tmp/hook.err" &&
	mv "$tmp/hooked.json" "$tmp/hooked/config.json"
show "$tmp/hook.err"
run hooked
refused hooked
t $? "kos-run --oci-hook: the annotated container runs under the profile"
show "$tmp/hooked.out" "$tmp/hooked.err"

# ... and as the container's wrapper: the whole profile, supervisor and shim
bundle wrapped "kos-run --profile kasperskyos -- /bin/busybox sh -c '$work'"
run wrapped
refused wrapped
t $? "kos-run as the container's process: fork fails with ENOSYS, work succeeds"
show "$tmp/wrapped.out" "$tmp/wrapped.err"
[ $fails = 0 ]
