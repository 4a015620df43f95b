// SPDX-License-Identifier: GPL-2.0
/*
 * kos-info: what the loaded kos module offers (ABI version, features,
 * limits) and how many objects it holds.  The first thing to run when
 * something does not work.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kos/linux.h>
#include <linux/kos.h>

static const struct {
	rtl_uint64_t bit;
	const char *name;
} features[] = {
	{ KOS_FEAT_CONTEXT, "context" },
	{ KOS_FEAT_HANDLES, "handles" },
	{ KOS_FEAT_NOTICES, "notices" },
	{ KOS_FEAT_IPC, "ipc" },
	{ KOS_FEAT_POLICY, "policy" },
	{ KOS_FEAT_DMA, "dma" },
	{ KOS_FEAT_MMIO, "mmio" },
	{ KOS_FEAT_IRQ, "irq" },
	{ KOS_FEAT_IOPORT, "ioport" },
	{ KOS_FEAT_IOMMU, "iommu" },
	{ KOS_FEAT_IPC_CALL_TIMEOUT, "call-timeout" },
	{ KOS_FEAT_NS, "name-servers" },
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kos-info [OPTION]...\n"
		"Show the ABI version and features of the loaded kos module (/dev/kos),\n"
		"its module parameters and, when debugfs is mounted and readable, the\n"
		"number of live objects of each kind.\n"
		"\n"
		"  -q, --quiet   print only the ABI version number\n"
		"  -h, --help    display this help and exit\n"
		"\n"
		"Exit status: 0 on success, 1 if the module is not loaded or cannot be\n"
		"queried, 2 on a usage error.\n");
}

/* Print every "name value" file of a directory-like source, if readable. */
static void print_file_lines(const char *title, const char *path)
{
	char line[256];
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	printf("%s:\n", title);
	while (fgets(line, sizeof(line), f))
		printf("  %s", line);
	fclose(f);
}

static void print_param(const char *name)
{
	char path[128], value[64];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/kos/parameters/%s", name);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(value, sizeof(value), f))
		printf("  %s = %s", name, value);
	fclose(f);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	rtl_uint32_t version;
	rtl_uint64_t feat;
	unsigned int i;
	int quiet = 0, c;
	Retcode rc;

	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "kos-info: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}

	rc = KosLinuxAbiVersion(&version, &feat);
	if (rc != rcOk) {
		fprintf(stderr, "kos-info: cannot query %s: %s (%s)\n", KOS_DEVICE_PATH,
			KosLinuxRetcodeName(rc), strerror(KosLinuxRetcodeToErrno(rc)));
		if (rc == rcDeviceNotFound)
			fprintf(stderr, "kos-info: is the module loaded? (insmod kos.ko)\n");
		return 1;
	}
	if (quiet) {
		printf("%u\n", version);
		return 0;
	}
	printf("ABI version: %u (headers: %u)\n", version, KOS_ABI_VERSION);
	printf("features:");
	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (feat & features[i].bit)
			printf(" %s", features[i].name);
	feat &= ~(rtl_uint64_t)0 << (sizeof(features) / sizeof(features[0]));
	if (feat)
		printf(" unknown:0x%llx", (unsigned long long)feat);
	printf("\nparameters:\n");
	print_param("max_handles");
	print_file_lines("live objects", "/sys/kernel/debug/kos/objects");
	return 0;
}
