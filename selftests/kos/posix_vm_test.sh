#!/bin/sh
# kos-run on the VM's kernel (TAP).  Before Linux 6.11 a seccomp filter is
# released only when its task is reaped, so a supervisor that waits for the
# notification fd's POLLHUP before reaping hangs there; these checks bound
# every run with a time limit so such a hang fails instead of blocking.
[ -c /dev/kos ] || { echo "1..0 # SKIP /dev/kos missing: load the module (modprobe kos)"; exit 4; }
n=0
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
limit=30	# seconds; each run takes well under one even under TCG

t() {	# t OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; fails=$((fails + 1)); fi
}

# bounded PID: wait for PID, status in $st; 124 and PID (with its children)
# killed if it is still running after $limit seconds (a hanging kos-run may
# ignore SIGTERM, so timeout(1) would hang with it).
bounded() {
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt $((limit * 5)) ]; do
		sleep 0.2
		i=$((i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		pkill -KILL -P "$1" 2>/dev/null
		kill -KILL "$1" 2>/dev/null
		wait "$1"
		st=124
	else
		wait "$1"
		st=$?
	fi
}

# limited CMD...: run CMD bounded, its output in $tmp/out.
limited() {
	"$@" >"$tmp/out" 2>&1 &
	bounded $!
}

echo 'i=0; while [ $i -lt 3 ]; do i=$((i + 1)); done; echo "no fork: $i"' >"$tmp/ok.sh"
limited kos-run -- /bin/busybox sh "$tmp/ok.sh"
[ $st = 0 ] && [ "$(cat "$tmp/out")" = "no fork: 3" ]
t $? "a script that needs no fork runs (status $st: $(cat "$tmp/out"))"

echo 'echo x | cat' >"$tmp/p.sh"
limited kos-run -- /bin/busybox sh "$tmp/p.sh"
[ $st != 0 ] && [ $st != 124 ] && grep -q "can't fork: Function not implemented" "$tmp/out"
t $? "a pipeline fails at once with 'can't fork' (status $st: $(cat "$tmp/out"))"

limited kos-run -- /bin/busybox sh -c 'exit 7'
[ $st = 7 ]; t $? "the exit status is passed through ($st)"

# SIGTERM to kos-run goes to the program, and kos-run dies of it too.
kos-run -- /bin/busybox sleep 60 >/dev/null 2>&1 &
pid=$!
sleep 1
kill -TERM $pid
bounded $pid
[ $st = 143 ]; t $? "SIGTERM to kos-run ends it and the program (status $st)"

# A process the program leaves behind (audit lets fork through) is reaped
# by kos-run, which ends once it is gone.
limited kos-run -m audit -- /bin/busybox sh -c '(sleep 1; echo orphan done) & exit 3'
[ $st = 3 ] && grep -q "orphan done" "$tmp/out"
t $? "kos-run waits for and reaps the program's orphans (status $st: $(tail -n1 "$tmp/out"))"

echo "1..$n"
[ $fails = 0 ]
