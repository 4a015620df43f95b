// SPDX-License-Identifier: GPL-2.0
/*
 * Every public header compiles, alone and all together, as C99, C11, C17
 * and C++ (11, 17) with -Wall -Wextra -Werror, without _GNU_SOURCE.  The
 * source tree is found above this program (or given as KOS_SRCDIR).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "libkos_util.h"

/* Compiles a file including @header (NULL: every header) with @cmd. */
static int compile(const char *cmd, const char *header, const char *ext)
{
	char src[64], line[3 * PATH_MAX + 512];
	FILE *f;
	int rc;

	snprintf(src, sizeof(src), "/tmp/kos-headers-%d.%s", getpid(), ext);
	f = fopen(src, "w");
	if (!f)
		return -1;
	if (header) {
		fprintf(f, "#include <%s>\n", header);
	} else {
		snprintf(line, sizeof(line),
			 "cd %s/include && find . -path ./uapi -prune -o -name '*.h' -print"
			 " | sed 's|^\\./||' | sort", srcdir);
		FILE *p = popen(line, "r");
		char h[PATH_MAX];

		while (p && fgets(h, sizeof(h), p)) {
			h[strcspn(h, "\n")] = '\0';
			fprintf(f, "#include <%s>\n", h);
		}
		if (p)
			pclose(p);
	}
	if (header)
		fprintf(f, "int main(void) { return 0; }\n");
	else
		fprintf(f, "int main(void) { return (int)rtl_roundup_order(rtl_countof(\"ab\")) - 2; }\n");
	fclose(f);
	snprintf(line, sizeof(line),
		 "%s -Wall -Wextra -Werror -I%s/include -I%s/include/uapi "
		 "-o /dev/null %s", cmd, srcdir, srcdir, src);
	rc = system(line);
	unlink(src);
	return rc;
}

static const char *const each[] = {
	"coresrv/vmm/vmm_api.h", "vmm/flags.h", "kos/alloc.h", "kos/thread.h",
	"kos/mutex.h", "kos/condvar.h", "kos/event.h", "kos/rwlock.h",
	"kos/semaphore.h", "kos/queue.h", "coresrv/time/time_api.h",
	"rtl/rtc.h", "rtl/types.h", "rtl/retcode.h", "rtl/retcode_hr.h",
	"io/io_irq.h", "coresrv/stat/stat_api.h",
};

FIXTURE(lang) {};
FIXTURE_VARIANT(lang) {
	const char *cmd;
	const char *ext;
};
FIXTURE_VARIANT_ADD(lang, c99) { .cmd = "cc -std=c99", .ext = "c" };
FIXTURE_VARIANT_ADD(lang, c11) { .cmd = "cc -std=c11", .ext = "c" };
FIXTURE_VARIANT_ADD(lang, c17) { .cmd = "cc -std=c17", .ext = "c" };
FIXTURE_VARIANT_ADD(lang, cxx11) { .cmd = "c++ -std=c++11", .ext = "cc" };
FIXTURE_VARIANT_ADD(lang, cxx17) { .cmd = "c++ -std=c++17", .ext = "cc" };
FIXTURE_SETUP(lang)
{
	if (find_srcdir())
		SKIP(return, "source tree not found (set KOS_SRCDIR)");
	if (system("command -v cc >/dev/null && command -v c++ >/dev/null"))
		SKIP(return, "no C or C++ compiler");
}
FIXTURE_TEARDOWN(lang) {}

TEST_F(lang, every_header_alone_and_all_together)
{
	unsigned int i;

	for (i = 0; i < sizeof(each) / sizeof(each[0]); i++) {
		ASSERT_EQ(0, compile(variant->cmd, each[i], variant->ext))
			TH_LOG("%s: %s", variant->cmd, each[i]);
	}
	ASSERT_EQ(0, compile(variant->cmd, NULL, variant->ext));
}

TEST_HARNESS_MAIN
