#!/bin/sh
# Debian's trinity against /dev/kos, as an outside check of kos-fuzz: its
# ioctl fuzzing on the device as the only victim file, unprivileged
# (--dropprivs), for a bounded number of calls.  The kernel's checkers judge
# the run; trinity must end by itself.
trinity=$(command -v trinity)
[ -n "$trinity" ] || { echo "ok 1 trinity # SKIP not installed"; echo "1..1"; exit 0; }
count=${KOS_TRINITY_CALLS:-2000}
dir=$(mktemp -d)
cd "$dir" || exit 1
chmod 777 "$dir"
timeout 240 "$trinity" -q -X -l off -V /dev/kos -c ioctl -N "$count" -C 2 \
	--disable-fds=sockets,pipes,perf,epoll,eventfd,pseudo,timerfd,testfile,memfd,drm \
	>"$dir/out" 2>&1
st=$?
tail -n 15 "$dir/out" | sed 's/^/# /'
if [ $st -eq 0 ]; then
	echo "ok 1 trinity: $count ioctl calls on /dev/kos as nobody"
else
	echo "not ok 1 trinity: status $st after ioctl calls on /dev/kos"
fi
echo "1..1"
rm -rf "$dir"
[ $st -eq 0 ]
