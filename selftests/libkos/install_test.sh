#!/bin/bash
# make install honours DESTDIR/PREFIX, and a consumer builds against the
# *installed* headers and library through pkg-config, as C (C99, C11, C17)
# and as C++, including every public header.  TAP output.
set -u
root=$(cd "$(dirname "$0")/../../.." && pwd)
[ -f "$root/Makefile" ] || root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 rc=0
check() {
	n=$((n + 1))
	local what=$1; shift
	if "$@" >"$tmp/out" 2>&1; then echo "ok $n $what"
	else echo "not ok $n $what"; sed 's/^/# /' "$tmp/out"; rc=1; fi
}
echo "TAP version 13"
echo "1..11"
check "make install DESTDIR PREFIX=/usr" \
	make -s -C "$root" install DESTDIR="$tmp/dest" PREFIX=/usr
check "installed layout" test -f "$tmp/dest/usr/lib/pkgconfig/libkos.pc" -a \
	-f "$tmp/dest/usr/include/kos-linux/rtl/retcode.h" -a \
	-f "$tmp/dest/usr/include/linux/kos.h" -a -L "$tmp/dest/usr/lib/libkos.so"

export PKG_CONFIG_SYSROOT_DIR=$tmp/dest PKG_CONFIG_LIBDIR=$tmp/dest/usr/lib/pkgconfig
flags=$(pkg-config --cflags --libs libkos)
{
	(cd "$tmp/dest/usr/include/kos-linux" && find . -name '*.h' | sort |
		sed 's|^\./\(.*\)|#include <\1>|')
	echo '#include <linux/kos.h>'
	echo 'int main(void) { Retcode rc = KosLinuxRetcodeFromErrno(0); return rc == rcOk ? 0 : 1; }'
} >"$tmp/consumer.c"
cp "$tmp/consumer.c" "$tmp/consumer.cc"
for std in c99 c11 c17; do
	check "consumer as $std" cc -std=$std -Wall -Wextra -Werror -Wpedantic \
		"$tmp/consumer.c" -o "$tmp/c-$std" -I"$tmp/dest/usr/include" $flags
done
check "consumer as C++" c++ -Wall -Wextra -Werror "$tmp/consumer.cc" -o "$tmp/cxx" \
	-I"$tmp/dest/usr/include" $flags
check "consumer runs against the installed library" \
	env LD_LIBRARY_PATH="$tmp/dest/usr/lib" "$tmp/cxx"
# Installed tools find the installed data whatever PREFIX the build had: a
# profile only the install has is listed, kos-run preloads the installed shim.
cp "$tmp/dest/usr/share/kos-linux/profiles/kasperskyos.profile" \
	"$tmp/dest/usr/share/kos-linux/profiles/installed-only.profile"
run_installed() {
	env -u KOS_PROFILE_DIR -u KOS_POSIX_SHIM LD_LIBRARY_PATH="$tmp/dest/usr/lib" "$@"
}
lists_installed_only() {
	run_installed "$tmp/dest/usr/bin/kos-profile" list | grep -qx installed-only
}
preloads_installed_shim() {
	run_installed "$tmp/dest/usr/bin/kos-run" --profile kasperskyos -- /usr/bin/env |
		grep -qx "LD_PRELOAD=$tmp/dest/usr/bin/../lib/kos-linux/libkos-posix.so"
}
check "installed kos-profile lists the installed profiles" lists_installed_only
check "installed kos-run runs a profile by name" \
	run_installed "$tmp/dest/usr/bin/kos-run" --profile kasperskyos -- /bin/true
check "installed kos-run preloads the installed shim" preloads_installed_shim
check "pkg-config from the build tree" \
	env PKG_CONFIG_PATH="$root/build/lib/uninstalled" PKG_CONFIG_LIBDIR= pkg-config --exists libkos
exit $rc
