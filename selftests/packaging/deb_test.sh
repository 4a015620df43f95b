#!/bin/bash
# The Debian packages build from the tree with the standard tools
# (dpkg-buildpackage, debhelper, dh-dkms), lintian finds no error, and the
# unpacked packages work: a program builds with pkg-config against
# libkos-dev and runs on libkos1, kos-tools finds its profiles, kos-dkms
# holds the DKMS source and the udev rule.  TAP.
set -u
root=$(cd "$(dirname "$0")/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 rc=0
check() {	# check DESCRIPTION COMMAND...
	n=$((n + 1))
	local what=$1; shift
	if "$@" >"$tmp/out" 2>&1; then echo "ok $n $what"
	else echo "not ok $n $what"; tail -n 30 "$tmp/out" | sed 's/^/# /'; rc=1; fi
}
echo "TAP version 13"
for tool in dpkg-buildpackage dh_dkms lintian; do
	command -v $tool >/dev/null ||
		{ echo "1..0 # SKIP $tool is not installed (scripts/deps.sh)"; exit 0; }
done
echo "1..7"
ver=$(sed -n 's/^KOS_VERSION := //p' "$root/config.mk")
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
src=$tmp/kos-linux-$ver

build() {
	rsync -a --exclude=/build --exclude=/.git --exclude=/debian/build \
		--exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' "$root/" "$src/" &&
	cd "$src" && dpkg-buildpackage -us -uc -b -j2
}
check "dpkg-buildpackage -us -uc -b" build
check "lintian: no error" \
	lintian --fail-on error --suppress-tags-from-file /dev/null \
	"$tmp/kos-linux_${ver}_$arch.changes"

unpack() {
	local p
	for p in kos-dkms_${ver}_all libkos1_${ver}_$arch libkos-dev_${ver}_$arch \
		 kos-tools_${ver}_$arch; do
		dpkg-deb -x "$tmp/$p.deb" "$tmp/root" || return 1
	done
}
check "the four packages unpack" unpack

consumer() {
	export PKG_CONFIG_SYSROOT_DIR=$tmp/root
	export PKG_CONFIG_LIBDIR=$tmp/root/usr/lib/$multiarch/pkgconfig
	cat >"$tmp/consumer.c" <<'C'
#include <kos/linux.h>
#include <linux/kos.h>
int main(void) { return KosLinuxRetcodeFromErrno(0) == rcOk ? 0 : 1; }
C
	cc -Wall -Werror "$tmp/consumer.c" -o "$tmp/consumer" \
		-I"$tmp/root/usr/include" $(pkg-config --cflags --libs libkos) &&
	LD_LIBRARY_PATH=$tmp/root/usr/lib/$multiarch "$tmp/consumer"
}
check "a program builds with pkg-config libkos and runs on libkos1" consumer

profiles() {
	env -u KOS_PROFILE_DIR LD_LIBRARY_PATH="$tmp/root/usr/lib/$multiarch" \
		"$tmp/root/usr/bin/kos-profile" list | grep -qx kasperskyos
}
check "kos-tools' kos-profile finds the packaged profiles" profiles
check "kos-dkms holds the DKMS source" \
	test -f "$tmp/root/usr/src/kos-$ver/dkms.conf" -a \
	     -f "$tmp/root/usr/src/kos-$ver/kmod/Kbuild" -a \
	     -f "$tmp/root/usr/src/kos-$ver/include/uapi/linux/kos.h"
check "kos-dkms installs the udev rule" \
	grep -q 'KERNEL=="kos"' "$tmp/root/usr/lib/udev/rules.d/60-kos.rules"
exit $rc
