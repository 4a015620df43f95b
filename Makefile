# kos-linux: top-level build.  See README.md and Documentation/testing.rst.
include config.mk

SUBDIRS_USER := lib tools selftests examples

.PHONY: all deps kmod $(SUBDIRS_USER) check vm-check test fuzz bench demo install clean \
	dkms-source dkms-install dkms-uninstall

all: kmod $(SUBDIRS_USER)

deps:
	@bash scripts/deps.sh

kmod:
	$(MAKE) -C kmod

lib:
	$(MAKE) -C lib
	$(MAKE) -C lib/posix

tools selftests examples: lib
	$(MAKE) -C $@

# Host-side tests: everything that needs no /dev/kos.
check: lib tools selftests
	@bash scripts/run-host-tests | tee $(BUILD)/check.log; \
		bash scripts/tap-summary $(BUILD)/check.log

# Module selftests inside a QEMU VM, on each test kernel.
vm-check: lib tools selftests
	@bash scripts/vm-check | tee $(BUILD)/vm-check.log; \
		bash scripts/tap-summary $(BUILD)/vm-check.log

# Everything; the last line is the summary "N passed, N failed[, N skipped]".
test: deps
	@mkdir -p $(BUILD)
	@$(MAKE) --no-print-directory all >$(BUILD)/make.log 2>&1 || \
		{ cat $(BUILD)/make.log; echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
	@{ bash scripts/run-host-tests; bash scripts/vm-check; } 2>&1 | tee $(BUILD)/test.log
	@bash scripts/tap-summary $(BUILD)/test.log

# kos-fuzz alone in the VM on each test kernel, longer: make fuzz SECONDS=600
# SEED=0x... (as root, then unprivileged, SECONDS each).
SECONDS ?= 120
fuzz: deps
	@$(MAKE) --no-print-directory all >$(BUILD)/make.log 2>&1 || { cat $(BUILD)/make.log; exit 1; }
	@for k in $$(bash scripts/vm-kernels); do \
		KOS_VM_ONLY=fuzz_test KOS_FUZZ_SECONDS=$(SECONDS) KOS_FUZZ_SEED=$(SEED) \
			bash scripts/vm-run --kernel $$k --timeout $$(($(SECONDS) * 2 + 300)); \
	done 2>&1 | tee $(BUILD)/fuzz.log; bash scripts/tap-summary $(BUILD)/fuzz.log

bench: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/run-bench

demo: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/vm-run --demo

# DKMS: the module's source tree as DKMS wants it (the kos-dkms package
# ships this), registered and built for every kernel that has headers.
DKMS_SRC := $(DESTDIR)/usr/src/kos-$(KOS_VERSION)
dkms-source:
	@grep -qx 'PACKAGE_VERSION="$(KOS_VERSION)"' dkms.conf || \
		{ echo "dkms.conf: PACKAGE_VERSION is not $(KOS_VERSION)" >&2; exit 1; }
	install -d $(DKMS_SRC)/kmod/policy $(DKMS_SRC)/include/uapi/linux
	install -m 0644 dkms.conf $(DKMS_SRC)/
	install -m 0644 kmod/Kbuild kmod/Makefile $(filter-out %.mod.c,$(wildcard kmod/*.[ch])) \
		$(DKMS_SRC)/kmod/
	install -m 0644 $(wildcard kmod/policy/*.[ch]) $(DKMS_SRC)/kmod/policy/
	install -m 0644 $(wildcard include/uapi/linux/*.h) $(DKMS_SRC)/include/uapi/linux/

dkms-install: dkms-source
	dkms add -m kos -v $(KOS_VERSION)
	@for k in $$(ls /lib/modules); do [ -e /lib/modules/$$k/build ] || continue; \
		dkms install -m kos -v $(KOS_VERSION) -k $$k || exit 1; done

dkms-uninstall:
	-dkms remove -m kos -v $(KOS_VERSION) --all
	rm -rf $(DKMS_SRC)

install: lib tools
	$(MAKE) -C lib install
	$(MAKE) -C lib/posix install
	$(MAKE) -C tools install
	@echo "module: run 'make -C kmod modules_install' on the target kernel"

clean:
	$(MAKE) -C kmod clean
	rm -rf $(BUILD)
