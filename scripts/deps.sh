#!/bin/bash
# Install what kos-linux needs to build and test, only what is missing.
# Idempotent; safe to run on every build.  Needs root (or sudo) when
# something is missing.  Debian 12 (bookworm).
set -euo pipefail

SHARE=${KOS_SHARE:-/usr/local/share/kos-linux}
KSELFTEST_DIR=${KSELFTEST_DIR:-$SHARE/kselftest}
CHECKPATCH_DIR=$SHARE/checkpatch

# Package list: build tools, both test kernels with headers, the VM and the
# libraries libkos and the tools are built on.
PKGS=(
	build-essential pkg-config sparse bc flex bison libelf-dev kmod cpio groff-base
	libssl-dev rsync dpkg-dev debhelper dh-dkms dkms lintian
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64
	linux-source-6.1 linux-source-6.12
	qemu-system-x86 busybox-static
	libseccomp-dev seccomp libjson-c-dev liburing-dev libnl-genl-3-dev libnl-3-dev
	python3 sqlite3 runc trinity
)

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	as_root apt-get update -q
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}"
fi

# The kselftest harness, its runner and checkpatch come from the kernel source package;
# they are extracted outside our tree, never committed.
src_tar=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n1)
if [ ! -f "$KSELFTEST_DIR/kselftest_harness.h" ] || [ ! -f "$KSELFTEST_DIR/run_kselftest.sh" ] ||
   [ ! -f "$CHECKPATCH_DIR/checkpatch.pl" ]; then
	[ -n "$src_tar" ] || { echo "deps: linux-source-6.1 tarball not found" >&2; exit 1; }
	echo "deps: extracting kselftest harness and checkpatch from $src_tar"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	tar -xf "$src_tar" -C "$tmp" --wildcards \
		'linux-source-6.1/tools/testing/selftests/kselftest*' \
		'linux-source-6.1/tools/testing/selftests/lib.mk' \
		'linux-source-6.1/tools/testing/selftests/run_kselftest.sh' \
		'linux-source-6.1/scripts/checkpatch.pl' \
		'linux-source-6.1/scripts/spelling.txt' \
		'linux-source-6.1/scripts/const_structs.checkpatch'
	as_root mkdir -p "$KSELFTEST_DIR" "$CHECKPATCH_DIR"
	as_root cp -r "$tmp"/linux-source-6.1/tools/testing/selftests/kselftest* \
		"$tmp"/linux-source-6.1/tools/testing/selftests/lib.mk \
		"$tmp"/linux-source-6.1/tools/testing/selftests/run_kselftest.sh "$KSELFTEST_DIR/"
	as_root cp "$tmp"/linux-source-6.1/scripts/checkpatch.pl \
		"$tmp"/linux-source-6.1/scripts/spelling.txt \
		"$tmp"/linux-source-6.1/scripts/const_structs.checkpatch "$CHECKPATCH_DIR/"
fi

# The debug test kernel (KASAN, lockdep, kmemleak, fault injection): built
# once from linux-source-6.12 and cached; see scripts/debug-kernel.
if [ "${KOS_DEBUG_KERNEL:-1}" != 0 ]; then
	as_root bash "$(dirname "$0")/debug-kernel" >/dev/null ||
		{ echo "deps: the debug kernel could not be built (KOS_DEBUG_KERNEL=0 skips it)" >&2; exit 1; }
fi
exit 0
