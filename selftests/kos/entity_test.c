// SPDX-License-Identifier: GPL-2.0
/*
 * Entity API: start this program again as stopped entities (the role comes
 * in an EntityInfo environment variable), connect them, run them, and
 * check what they see: connections and a Call across, channel groups,
 * arguments and environment, process class, state rules, bad arguments, a
 * process that exits before taking its connections, a launcher that dies.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <coresrv/entity/entity_api.h>
#include <kos/linux.h>

#include "kselftest_harness.h"
#include "kos_util.h"
#include "proc_util.h"
#include "ipc_util.h"

#define SELF_PATH "entity_test"	/* found in the launcher's directory */

/* Serve n echo requests on connection group @group. */
static int role_server(const char *group, int n)
{
	struct tmsg in;
	Handle h;

	if (KosEntityGetConnection(group, &h) != rcOk)
		return 20;
	while (n--) {
		tmsg_init(&in, 0, "");
		if (Recv(h, &in.hdr) != rcOk)
			return 21;
		in.hdr.mid++;
		if (Reply(h, &in.hdr) != rcOk)
			return 22;
	}
	return 0;
}

static int role_client(const char *group)
{
	struct tmsg out, in;
	Handle h;

	if (KosEntityGetConnection(group, &h) != rcOk)
		return 30;
	tmsg_init(&out, 1, getenv("KOS_ENTITY_NAME"));
	tmsg_init(&in, 0, "");
	if (Call(h, &out.hdr, &in.hdr) != rcOk)
		return 31;
	return in.hdr.mid == 2 && !strcmp(in.data, out.data) ? 0 : 32;
}

static int role_args(int argc, char **argv)
{
	const char *foo = getenv("FOO");

	if (argc != 3 || strcmp(argv[0], "args.entity") || strcmp(argv[1], "one") ||
	    strcmp(argv[2], "two"))
		return 40;
	if (!foo || strcmp(foo, "entity"))
		return 41;
	if (!getenv("LAUNCHER_ONLY"))
		return 42;
	return 0;
}

/* 0: the class is EntityInfo's eiid; 10: no class; 11: another one. */
static int role_class(void)
{
	char name[64];
	Retcode rc = KosEntityGetClass(name, sizeof(name));

	if (rc == rcResourceNotFound)
		return 10;
	if (rc != rcOk)
		return 12;
	if (KosEntityGetClass(name, strlen(name)) != rcBufferTooSmall)
		return 13;
	return strcmp(name, "test.Class") ? 11 : 0;
}

static int role_plain(void)
{
	Handle h;

	return KosEntityGetConnection("none", &h) == rcResourceNotFound ? 0 : 50;
}

/* When started as an entity, play the role and never run the tests. */
static void __attribute__((constructor)) entity_role(int argc, char **argv)
{
	const char *role = getenv("ENTITY_TEST_ROLE");
	const char *group = getenv("ENTITY_TEST_GROUP");
	const char *n = getenv("ENTITY_TEST_N");

	if (!role)
		return;
	if (!strcmp(role, "server"))
		exit(role_server(group, n ? atoi(n) : 1));
	if (!strcmp(role, "client"))
		exit(role_client(group));
	if (!strcmp(role, "args"))
		exit(role_args(argc, argv));
	if (!strcmp(role, "class"))
		exit(role_class());
	if (!strcmp(role, "exit"))
		exit(atoi(n));
	if (!strcmp(role, "pause"))
		for (;;)
			pause();
	exit(role_plain());
}

/* An entity of this program playing @role (a static EntityInfo per call site). */
static Entity *spawn(EntityInfo *info, const char *name, const char *role,
		     const char *group, const char *n)
{
	static char envs[8][3][80];
	static int slot;
	char (*e)[80] = envs[slot++ % 8];

	memset(info, 0, sizeof(*info));
	info->eiid = "test.Entity";
	snprintf(e[0], 80, "ENTITY_TEST_ROLE=%s", role);
	snprintf(e[1], 80, "ENTITY_TEST_GROUP=%s", group ? group : "");
	snprintf(e[2], 80, "ENTITY_TEST_N=%s", n ? n : "1");
	info->envs[0] = e[0];
	info->envs[1] = e[1];
	info->envs[2] = e[2];
	return EntityInitEx(info, name, SELF_PATH);
}

static int exit_status(Entity *e)
{
	return child_status(KosEntityGetPid(e));
}

TEST(connect_run_call)
{
	EntityInfo si, ci;
	Entity *sr = spawn(&si, "blk.server", "server", "blk", NULL);
	Entity *cl = spawn(&ci, "blk.client", "client", "blk", NULL);

	ASSERT_NE(NULL, sr);
	ASSERT_NE(NULL, cl);
	ASSERT_EQ(rcOk, EntityConnectToService(cl, sr, "blk"));
	ASSERT_EQ(rcOk, EntityRun(sr));
	ASSERT_EQ(rcOk, EntityRun(cl));
	EXPECT_EQ(0, exit_status(cl));
	EXPECT_EQ(0, exit_status(sr));
}

/* EntityConnect: the group is named after the server process. */
TEST(default_group_and_run_order)
{
	EntityInfo si, ci;
	Entity *sr = spawn(&si, "srv.default", "server", "srv.default", NULL);
	Entity *cl = spawn(&ci, "cli.default", "client", "srv.default", NULL);

	ASSERT_NE(NULL, sr);
	ASSERT_NE(NULL, cl);
	ASSERT_EQ(rcOk, EntityConnect(cl, sr));
	ASSERT_EQ(rcOk, EntityRun(cl));	/* the client first: its Call waits */
	ASSERT_EQ(rcOk, EntityRun(sr));
	EXPECT_EQ(0, exit_status(cl));
	EXPECT_EQ(0, exit_status(sr));
}

/* Two clients in one group share the server's one endpoint. */
TEST(shared_group)
{
	EntityInfo si, c1i, c2i;
	Entity *sr = spawn(&si, "grp.server", "server", "grp", "2");
	Entity *c1 = spawn(&c1i, "grp.client1", "client", "grp", NULL);
	Entity *c2 = spawn(&c2i, "grp.client2", "client", "grp", NULL);

	ASSERT_NE(NULL, sr);
	ASSERT_NE(NULL, c1);
	ASSERT_NE(NULL, c2);
	ASSERT_EQ(rcOk, EntityConnectToService(c1, sr, "grp"));
	ASSERT_EQ(rcOk, EntityConnectToService(c2, sr, "grp"));
	ASSERT_EQ(rcOk, EntityRun(sr));
	ASSERT_EQ(rcOk, EntityRun(c1));
	ASSERT_EQ(rcOk, EntityRun(c2));
	EXPECT_EQ(0, exit_status(c1));
	EXPECT_EQ(0, exit_status(c2));
	EXPECT_EQ(0, exit_status(sr));
}

TEST(args_and_envs)
{
	EntityInfo info;
	Entity *e;

	setenv("FOO", "launcher", 1);
	setenv("LAUNCHER_ONLY", "1", 1);
	e = spawn(&info, "args.entity", "args", NULL, NULL);
	ASSERT_NE(NULL, e);
	info.args[0] = "one";
	info.args[1] = "two";
	info.envs[3] = "FOO=entity";
	/* args and envs are read at EntityInit: start another with them. */
	e = EntityInitEx(&info, "args.entity", SELF_PATH);
	ASSERT_NE(NULL, e);
	ASSERT_EQ(rcOk, EntityRun(e));
	EXPECT_EQ(0, exit_status(e));
}

/* The class is set when the process may set it (CAP_SYS_ADMIN/CAP_MAC_ADMIN). */
TEST(process_class)
{
	EntityInfo info;
	Entity *e = spawn(&info, "class.entity", "class", NULL, NULL);
	int status;

	ASSERT_NE(NULL, e);
	info.eiid = "test.Class";
	e = EntityInitEx(&info, "class.entity", SELF_PATH);
	ASSERT_NE(NULL, e);
	ASSERT_EQ(rcOk, EntityRun(e));
	status = exit_status(e);
	EXPECT_EQ(geteuid() == 0 ? 0 : 10, status);
}

TEST(state_rules)
{
	EntityInfo ai, bi, ci;
	Entity *a = spawn(&ai, "rules.a", "plain", NULL, NULL);
	Entity *b = spawn(&bi, "rules.b", "plain", NULL, NULL);
	Entity *c = spawn(&ci, "rules.c", "plain", NULL, NULL);
	char name[16];
	int i;

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(rcInvalidArgument, EntityConnect(a, a));
	ASSERT_EQ(rcOk, EntityConnectToService(a, b, "g"));
	EXPECT_EQ(rcAlreadyExists, EntityConnectToService(a, b, "g"));
	EXPECT_EQ(rcAlreadyExists, EntityConnectToService(b, a, "g"));
	EXPECT_EQ(rcAlreadyExists, EntityConnectToService(b, c, "g"));
	for (i = 1; i < 16; i++) {
		snprintf(name, sizeof(name), "g%d", i);
		ASSERT_EQ(rcOk, EntityConnectToService(c, b, name));
	}
	EXPECT_EQ(rcQuotaExceeded, EntityConnectToService(c, b, "one.more"));
	ASSERT_EQ(rcOk, EntityRun(a));
	EXPECT_EQ(rcInvalidOperation, EntityRun(a));
	EXPECT_EQ(rcInvalidOperation, EntityConnectToService(a, c, "h"));
	EXPECT_EQ(rcInvalidOperation, EntityConnectToService(c, a, "h"));
	EXPECT_EQ(0, exit_status(a));
	ASSERT_EQ(rcOk, EntityRun(c));
	ASSERT_EQ(rcOk, EntityRun(b));
	EXPECT_EQ(0, exit_status(b));
	EXPECT_EQ(0, exit_status(c));
}

TEST(bad_arguments)
{
	char longname[80];
	EntityInfo info;
	Handle h;

	memset(longname, 'e', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	memset(&info, 0, sizeof(info));
	EXPECT_EQ(NULL, EntityInit(NULL));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(NULL, EntityInit(&info));	/* no eiid */
	info.eiid = longname;
	EXPECT_EQ(NULL, EntityInit(&info));
	info.eiid = "no.such.program";
	EXPECT_EQ(NULL, EntityInit(&info));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(NULL, EntityInitEx(&info, "", SELF_PATH));
	EXPECT_EQ(NULL, EntityInitEx(&info, longname, SELF_PATH));
	EXPECT_EQ(NULL, EntityInitEx(&info, RTL_NULL, "/no/such/file"));
	EXPECT_EQ(rcInvalidArgument, EntityRun(NULL));
	EXPECT_EQ(rcInvalidArgument, EntityConnect(NULL, NULL));
	EXPECT_EQ(rcInvalidArgument, EntityConnectToService(NULL, NULL, "x"));
	EXPECT_EQ(-1, KosEntityGetPid(NULL));
	EXPECT_EQ(rcInvalidArgument, KosEntityGetConnection(NULL, &h));
	EXPECT_EQ(rcInvalidArgument, KosEntityGetConnection("x", NULL));
	EXPECT_EQ(rcInvalidArgument, KosEntityGetClass(NULL, 1));
	/* Not started by EntityRun: no connections, no class. */
	EXPECT_EQ(rcResourceNotFound, KosEntityGetConnection("x", &h));
	EXPECT_EQ(rcResourceNotFound, KosEntityGetClass(longname, sizeof(longname)));
}

/* A process that exits without taking its connections (not using libkos). */
TEST(exits_before_bootstrap)
{
	EntityInfo si, ti;
	Entity *sr = spawn(&si, "never.run", "plain", NULL, NULL);
	Entity *t;

	ASSERT_NE(NULL, sr);
	memset(&ti, 0, sizeof(ti));
	ti.eiid = "test.True";
	t = EntityInitEx(&ti, "true", "/bin/busybox");
	ASSERT_NE(NULL, t);
	ASSERT_EQ(rcOk, EntityConnectToService(t, sr, "g"));
	EXPECT_EQ(rcNotConnected, EntityRun(t));
	EXPECT_EQ(0, exit_status(t));
}

/* A stopped process killed before EntityRun: an error, not SIGPIPE. */
TEST(killed_before_run)
{
	EntityInfo info;
	Entity *e = spawn(&info, "killed", "plain", NULL, NULL);

	ASSERT_NE(NULL, e);
	ASSERT_EQ(0, kill(KosEntityGetPid(e), SIGKILL));
	EXPECT_EQ(-1, exit_status(e));
	EXPECT_EQ(rcNotConnected, EntityRun(e));
	EXPECT_EQ(rcInvalidOperation, EntityRun(e));
}

/* Stopped processes of a launcher that dies exit with 127, never exec. */
TEST(launcher_dies)
{
	int status, found = 0;
	pid_t launcher, pid;

	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	launcher = fork();
	ASSERT_LE(0, launcher);
	if (!launcher) {
		EntityInfo info;

		_exit(spawn(&info, "orphan", "plain", NULL, NULL) ? 0 : 1);
	}
	while ((pid = wait(&status)) > 0) {
		if (pid == launcher) {
			EXPECT_EQ(0, status);
		} else {
			EXPECT_TRUE(WIFEXITED(status));
			EXPECT_EQ(127, WEXITSTATUS(status));
			found++;
		}
	}
	EXPECT_EQ(1, found);
}

/* KosEntityWait: the exit code, reaped (no zombie left), the entity freed. */
TEST(wait_reports_exit_code)
{
	EntityInfo info;
	Entity *e = spawn(&info, "exit.seven", "exit", NULL, "7");
	int status = 0;
	pid_t pid;

	ASSERT_NE(NULL, e);
	pid = KosEntityGetPid(e);
	ASSERT_EQ(rcOk, EntityRun(e));
	ASSERT_EQ(rcOk, KosEntityWait(e, 30000, &status));
	EXPECT_EQ(7, status);
	EXPECT_EQ(-1, waitpid(pid, NULL, WNOHANG));	/* already reaped */
	EXPECT_EQ(ECHILD, errno);
}

/* Still running: rcTimeout, the entity unchanged; killed: 128 + the signal. */
TEST(wait_timeout_then_signal)
{
	EntityInfo info;
	Entity *e = spawn(&info, "pauses", "pause", NULL, NULL);
	int status = 0;

	ASSERT_NE(NULL, e);
	ASSERT_EQ(rcOk, EntityRun(e));
	EXPECT_EQ(rcTimeout, KosEntityWait(e, 0, &status));
	EXPECT_EQ(rcTimeout, KosEntityWait(e, 200, &status));
	ASSERT_EQ(0, kill(KosEntityGetPid(e), SIGKILL));
	ASSERT_EQ(rcOk, KosEntityWait(e, INFINITE_TIMEOUT, &status));
	EXPECT_EQ(128 + SIGKILL, status);
	EXPECT_EQ(rcInvalidArgument, KosEntityWait(NULL, 0, &status));
}

/* Reaped elsewhere: rcResourceNotFound, status -1, freed all the same. */
TEST(wait_after_waitpid)
{
	EntityInfo info;
	Entity *e = spawn(&info, "reaped", "exit", NULL, "3");
	int status = 0;

	ASSERT_NE(NULL, e);
	ASSERT_EQ(rcOk, EntityRun(e));
	EXPECT_EQ(3, exit_status(e));
	EXPECT_EQ(rcResourceNotFound, KosEntityWait(e, 1000, &status));
	EXPECT_EQ(-1, status);
}

/* Waiting for a connected pair closes the channel roots the launcher kept. */
TEST(wait_releases_channels)
{
	long channels = kos_live_objects("channels");
	EntityInfo si, ci;
	Entity *sr, *cl;
	int status = -1;

	if (channels < 0)
		SKIP(return, "no %s", KOS_OBJECTS_PATH);
	sr = spawn(&si, "wait.server", "server", "wg", NULL);
	cl = spawn(&ci, "wait.client", "client", "wg", NULL);
	ASSERT_NE(NULL, sr);
	ASSERT_NE(NULL, cl);
	ASSERT_EQ(rcOk, EntityConnectToService(cl, sr, "wg"));
	EXPECT_LT(channels, kos_live_objects("channels"));
	ASSERT_EQ(rcOk, EntityRun(sr));
	ASSERT_EQ(rcOk, EntityRun(cl));
	ASSERT_EQ(rcOk, KosEntityWait(cl, 30000, &status));
	EXPECT_EQ(0, status);
	ASSERT_EQ(rcOk, KosEntityWait(sr, 30000, &status));
	EXPECT_EQ(0, status);
	EXPECT_EQ(channels, kos_live_objects("channels"));
}

TEST_HARNESS_MAIN
