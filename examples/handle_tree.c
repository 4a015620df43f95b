// SPDX-License-Identifier: GPL-2.0
/*
 * handle_tree: a walk through the KasperskyOS handle model with libkos.
 * Creates a user object, hands out descendants with fewer rights (one
 * through a badge), revokes the badge's subtree, then closes the root and
 * receives EVENT_OBJECT_DESTROYED on a notice.  Between steps it prints the
 * process's handle tree with kos-stat (when run as root with debugfs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <coresrv/handle/handle_api.h>
#include <coresrv/handle/notice_api.h>
#include <kos/linux.h>

#define CHECK(call)                                                            \
	do {                                                                   \
		Retcode rc_ = (call);                                          \
		if (rc_ != rcOk) {                                             \
			fprintf(stderr, "handle_tree: %s: %s\n", #call,        \
				KosLinuxRetcodeName(rc_));                     \
			exit(1);                                               \
		}                                                              \
	} while (0)

static void show_tree(const char *title)
{
	char cmd[64];

	printf("--- %s\n", title);
	fflush(stdout);
	snprintf(cmd, sizeof(cmd), "kos-stat %d 2>/dev/null", getpid());
	if (system(cmd) != 0)
		printf("(kos-stat needs root and debugfs)\n");
}

int main(void)
{
	const rtl_uint32_t all = OCAP_HANDLE_TRANSFER | OCAP_HANDLE_GET_EVENT |
				 OCAP_HANDLE_SET_EVENT | OCAP_HANDLE_SPEC(0);
	Handle root, reader, reader2, badge, badged, extra;
	EventDesc ev[4];
	rtl_size_t count;
	Notice notice;
	Retcode rc;

	CHECK(KnNoticeCreate(&notice));
	CHECK(KnHandleCreateUserObject(HANDLE_TYPE_USER_FIRST, all, NULL, &root));
	CHECK(KnNoticeSubscribeToObject(notice, root, EVENT_OBJECT_DESTROYED, 1));
	printf("user object: root handle %u, rights 0x%x\n", root, all);

	/* Descendants with fewer rights; more rights than the parent is refused. */
	CHECK(KosLinuxHandleDuplicate(root, OCAP_HANDLE_TRANSFER | OCAP_HANDLE_SPEC(0),
				      INVALID_HANDLE, &reader));
	CHECK(KosLinuxHandleDuplicate(reader, OCAP_HANDLE_SPEC(0), INVALID_HANDLE, &reader2));
	rc = KosLinuxHandleDuplicate(reader, all, INVALID_HANDLE, &extra);
	printf("duplicate with more rights than the parent: %s (expected rcSecurityDisallow)\n",
	       KosLinuxRetcodeName(rc));

	CHECK(KnHandleCreateBadge(notice, 2, NULL, &badge));
	CHECK(KosLinuxHandleDuplicate(root, OCAP_HANDLE_SPEC(0), badge, &badged));
	show_tree("tree: root -> reader -> reader2, root -> badged (via badge)");

	CHECK(KnHandleRevokeSubtree(root, badge));
	rc = KnNoticeSetObjectEvent(badged, OCAP_HANDLE_SPEC(0));
	printf("after KnHandleRevokeSubtree(root, badge): call on the badged handle: %s\n",
	       KosLinuxRetcodeName(rc));
	show_tree("tree after revoking the badge's subtree");

	CHECK(KnHandleClose(reader));
	show_tree("tree after closing reader: reader2 re-parented to root");

	CHECK(KnHandleClose(root));
	CHECK(KnNoticeGetEvent(notice, 1000, rtl_countof(ev), ev, &count));
	printf("events on the notice: %zu\n", (size_t)count);
	for (rtl_size_t i = 0; i < count; i++)
		printf("  id %lu mask 0x%x%s%s\n", (unsigned long)ev[i].eventId, ev[i].eventMask,
		       ev[i].eventMask & EVENT_OBJECT_DESTROYED ? " EVENT_OBJECT_DESTROYED" : "",
		       ev[i].eventMask & EVENT_BADGE_CLOSED ? " EVENT_BADGE_CLOSED" : "");
	rc = KnNoticeSetObjectEvent(reader2, OCAP_HANDLE_SPEC(0));
	printf("call on a descendant of the destroyed object: %s\n", KosLinuxRetcodeName(rc));
	return 0;
}
