#!/bin/sh
# QEMU's edu device driven from user space through libkos (tools/kos-edu):
# BAR0 registration and uncached mapping, identification, liveness and the
# factorial unit; interrupts by MSI and INTx received with Recv (raise,
# acknowledge, KnIoEnableIrq, masking, timeout, SIGALRM, detach, exit while
# waiting); a DMA round trip through the engine with bus mastering checked.
# TAP output; a skip without an edu device.
[ -c /dev/kos ] || { echo "1..0 # SKIP /dev/kos missing: load the module (modprobe kos)"; exit 4; }
echo "TAP version 13"
echo "1..1"
out=$(kos-edu --verbose 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
case $rc in
0) echo "ok 1 edu_mmio_irq_dma" ;;
77) echo "ok 1 edu_mmio_irq_dma # SKIP no edu device" ;;
*) echo "not ok 1 edu_mmio_irq_dma"; exit 1 ;;
esac
