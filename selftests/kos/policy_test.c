// SPDX-License-Identifier: GPL-2.0
/*
 * The security module in the kernel: loading (capability, validation,
 * atomic replacement), KOS_POLICY_SHOW, verdicts through
 * KOS_POLICY_EVALUATE, the no-policy default parameter, process classes,
 * and audit records received by kos-audit.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <linux/kos.h>

#include "kselftest_harness.h"
#include "kos_util.h"
#include "policy_load.h"

static const char policy_a[] =
	"use nk.base._\nuse EDL Client\nuse EDL Server\n"
	"endpoint echo = 16 { Ping = 1; Reset = 2; }\n"
	"audit default = denied\n"
	"request { deny () }\nresponse { grant () }\n"
	"request src=Client dst=Server endpoint=echo method=Ping { grant () }\n"
	"request src=Client dst=Server endpoint=echo method=Reset { deny () }\n"
	"response src=Server dst=Client endpoint=echo method=Reset { deny () }\n";

/* The same keys, opposite verdicts, other lines: tells the policies apart. */
static const char policy_b[] =
	"use nk.base._\nuse EDL Client\nuse EDL Server\n\n\n\n\n\n"
	"request { grant () }\n"
	"request src=Client dst=Server endpoint=16 method=1 { deny () }\n"
	"request src=Client dst=Server endpoint=16 { deny () }\n";

/* Verdict (0/1) for one message, or -errno. */
static int eval(int fd, u32 kind, const char *src, const char *dst, u32 ep, u32 m,
		u32 flags, u32 *line)
{
	struct kos_policy_eval cmd = {
		.size = sizeof(cmd), .flags = flags, .kind = kind, .endpoint = ep, .method = m,
	};

	strcpy(cmd.src_class, src);
	strcpy(cmd.dst_class, dst);
	if (ioctl(fd, KOS_POLICY_EVALUATE, &cmd))
		return -errno;
	if (line)
		*line = cmd.line;
	return cmd.verdict;
}

/* Drop every capability of the calling process (a forked child). */
static int drop_caps(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = {};

	return syscall(SYS_capset, &hdr, data);
}

FIXTURE(policy) {
	int fd;
};

FIXTURE_SETUP(policy)
{
	const char *why;

	self->fd = kos_open();
	ASSERT_LE(0, self->fd);
	why = policy_unusable(self->fd);
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, policy_unload(self->fd));
}

FIXTURE_TEARDOWN(policy)
{
	policy_unload(self->fd);
	write_param(DEFAULT_PARAM, "allow");
	close(self->fd);
}

TEST_F(policy, verdicts_match_offline_evaluator)
{
	size_t len;
	void *blob = policy_compile_text(policy_a, &len);
	u32 line;

	ASSERT_NE(NULL, blob);
	ASSERT_EQ(0, policy_load(self->fd, blob, len));
	EXPECT_EQ(1, eval(self->fd, KOS_MSG_REQUEST, "Client", "Server", 16, 1, 0, &line));
	EXPECT_EQ(8, line);
	EXPECT_EQ(0, eval(self->fd, KOS_MSG_REQUEST, "Client", "Server", 16, 2, 0, &line));
	EXPECT_EQ(9, line);
	EXPECT_EQ(0, eval(self->fd, KOS_MSG_REQUEST, "Server", "Client", 16, 1, 0, &line));
	EXPECT_EQ(0, line);		/* the request default */
	EXPECT_EQ(1, eval(self->fd, KOS_MSG_RESPONSE, "Server", "Client", 16, 1, 0, NULL));
	EXPECT_EQ(0, eval(self->fd, KOS_MSG_RESPONSE, "Server", "Client", 16, 2, 0, NULL));
	EXPECT_EQ(0, eval(self->fd, KOS_MSG_ERROR, "Server", "Client", 16, 2, 0, NULL));
	EXPECT_EQ(-EINVAL, eval(self->fd, 0, "Client", "Server", 16, 1, 0, NULL));
	EXPECT_EQ(-EINVAL, eval(self->fd, 6, "Client", "Server", 16, 1, 0, NULL));
	EXPECT_EQ(-EINVAL, eval(self->fd, KOS_MSG_REQUEST, "Client", "Server", 16, 1, 2, NULL));
	free(blob);
}

TEST_F(policy, show_returns_the_loaded_blob)
{
	struct kos_policy_show show = { .size = sizeof(show) };
	size_t len;
	void *blob = policy_compile_text(policy_a, &len);
	char *buf = malloc(len);
	u64 gen;

	ASSERT_EQ(-1, ioctl(self->fd, KOS_POLICY_SHOW, &show));
	EXPECT_EQ(ENOENT, errno);
	gen = show.generation;
	ASSERT_EQ(0, policy_load(self->fd, blob, len));
	show.buf = (uintptr_t)buf;
	show.buf_len = len - 1;
	ASSERT_EQ(-1, ioctl(self->fd, KOS_POLICY_SHOW, &show));
	EXPECT_EQ(ENOSPC, errno);
	EXPECT_EQ(len, show.blob_len);
	show.buf_len = len;
	ASSERT_EQ(0, ioctl(self->fd, KOS_POLICY_SHOW, &show));
	EXPECT_EQ(0, memcmp(buf, blob, len));
	EXPECT_EQ(gen + 1, show.generation);
	free(buf);
	free(blob);
}

TEST_F(policy, load_needs_capability)
{
	size_t len;
	void *blob = policy_compile_text(policy_a, &len);
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd = kos_open();

		if (fd < 0 || drop_caps())
			_exit(2);
		_exit(policy_load(fd, blob, len) == -EPERM && policy_unload(fd) == -EPERM ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* still no policy: the unprivileged load did nothing */
	EXPECT_EQ(1, eval(self->fd, KOS_MSG_REQUEST, "Client", "Server", 16, 2, 0, NULL));
	free(blob);
}

/*
 * Audit records name processes and classes: an unprivileged process can
 * neither make the module emit one by asking nor join the stream.
 */
TEST_F(policy, audit_needs_capability)
{
	char *const argv[] = { "/bin/kos-audit", "--count=1", "--timeout=2", NULL };
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd = kos_open();

		if (fd < 0 || drop_caps())
			_exit(2);
		if (eval(fd, KOS_MSG_REQUEST, "Client", "Server", 16, 2,
			 KOS_EVAL_AUDIT, NULL) != -EPERM)
			_exit(3);
		/* a dry run without the audit flag is for everyone */
		_exit(eval(fd, KOS_MSG_REQUEST, "Client", "Server", 16, 2, 0,
			   NULL) < 0 ? 4 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	if (access(argv[0], X_OK))
		SKIP(return, "no /bin/kos-audit");
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(100);
		execv(argv[0], argv);
		_exit(101);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	/* joining the group fails: an error, not a timeout with no records */
	EXPECT_NE(0, WEXITSTATUS(status));
	EXPECT_GT(100, WEXITSTATUS(status));
}

TEST_F(policy, malformed_blobs_rejected)
{
	size_t len, n;
	char *blob = policy_compile_text(policy_a, &len);
	struct kpol_header *h = (struct kpol_header *)blob;
	unsigned int i, seed = time(NULL);

	for (n = 0; n < len; n += 7)
		EXPECT_EQ(-EINVAL, policy_load(self->fd, blob, n)) TH_LOG("truncated to %zu", n);
	h->version = 2;
	EXPECT_EQ(-EINVAL, policy_load(self->fd, blob, len));
	h->version = KPOL_VERSION;
	h->nrules = 0x7fffffff;
	EXPECT_EQ(-EINVAL, policy_load(self->fd, blob, len));
	h->nrules = 3;
	h->nclasses = 0xffffffff;
	EXPECT_EQ(-EINVAL, policy_load(self->fd, blob, len));
	h->nclasses = 2;
	EXPECT_EQ(-EINVAL, policy_load(self->fd, blob, KOS_POLICY_MAX_SIZE + 1));
	EXPECT_EQ(-EFAULT, policy_load(self->fd, (void *)8, len));

	/* random blobs and random corruption: refused or valid, never a crash */
	TH_LOG("seed %u", seed);
	srand(seed);
	for (i = 0; i < 2000; i++) {
		char *b = malloc(len);
		unsigned int j;
		int ret;

		memcpy(b, blob, len);
		if (i % 4 == 0) {
			for (j = 0; j < len; j++)
				b[j] = rand();
		} else {
			for (j = 0; j < 1 + i % 5; j++)
				b[rand() % len] ^= 1 << (rand() % 8);
		}
		ret = policy_load(self->fd, b, len);
		EXPECT_TRUE(ret == 0 || ret == -EINVAL) TH_LOG("blob %u: %d", i, ret);
		free(b);
	}
	EXPECT_EQ(0, policy_load(self->fd, blob, len));
	free(blob);
}

TEST_F(policy, default_parameter)
{
	u32 line = 1;

	ASSERT_EQ(0, write_param(DEFAULT_PARAM, "deny"));
	EXPECT_EQ(0, eval(self->fd, KOS_MSG_REQUEST, "Client", "Server", 1, 1, 0, &line));
	EXPECT_EQ(0, line);
	ASSERT_EQ(0, write_param(DEFAULT_PARAM, "allow"));
	EXPECT_EQ(1, eval(self->fd, KOS_MSG_REQUEST, "Client", "Server", 1, 1, 0, NULL));
	EXPECT_EQ(-1, write_param(DEFAULT_PARAM, "maybe"));
}

TEST_F(policy, class_set_once)
{
	struct kos_policy_class cls = { .size = sizeof(cls) };
	int fd = kos_open(), status;
	pid_t pid;

	ASSERT_LE(0, fd);
	ASSERT_EQ(-1, ioctl(fd, KOS_POLICY_GET_CLASS, &cls));
	EXPECT_EQ(ENOENT, errno);

	/* unprivileged: refused, and the class stays unset */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct kos_policy_class c = { .size = sizeof(c), .name = "Server" };
		int cfd = kos_open();

		if (cfd < 0 || drop_caps())
			_exit(2);
		if (ioctl(cfd, KOS_POLICY_SET_CLASS, &c) != -1 || errno != EPERM)
			_exit(1);
		_exit(ioctl(cfd, KOS_POLICY_GET_CLASS, &c) == -1 && errno == ENOENT ? 0 : 3);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));

	strcpy(cls.name, "kl.drivers.Ata");
	ASSERT_EQ(0, ioctl(fd, KOS_POLICY_SET_CLASS, &cls));
	strcpy(cls.name, "Other");
	EXPECT_EQ(-1, ioctl(fd, KOS_POLICY_SET_CLASS, &cls));
	EXPECT_EQ(EEXIST, errno);
	memset(cls.name, 0, sizeof(cls.name));
	ASSERT_EQ(0, ioctl(fd, KOS_POLICY_GET_CLASS, &cls));
	EXPECT_STREQ("kl.drivers.Ata", cls.name);

	cls.name[0] = 0;
	EXPECT_EQ(-1, ioctl(self->fd, KOS_POLICY_SET_CLASS, &cls));
	EXPECT_EQ(EINVAL, errno);
	memset(cls.name, 'x', sizeof(cls.name));
	EXPECT_EQ(-1, ioctl(self->fd, KOS_POLICY_SET_CLASS, &cls));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

/* Open a context and give it @cls. */
static int open_as(const char *cls)
{
	struct kos_policy_class c = { .size = sizeof(c) };
	int fd = kos_open();

	strcpy(c.name, cls);
	if (fd >= 0 && ioctl(fd, KOS_POLICY_SET_CLASS, &c)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The verdict kos_policy_check() gives a message from @src's context to @dst's. */
static int check(int src, int dst, u32 kind, u32 ep, u32 m, u32 size, u32 nhandles)
{
	struct kos_policy_eval cmd = {
		.size = sizeof(cmd), .flags = KOS_EVAL_CONTEXTS, .kind = kind,
		.endpoint = ep, .method = m, .dst_fd = dst, .msg_size = size,
		.nhandles = nhandles,
	};

	return ioctl(src, KOS_POLICY_EVALUATE, &cmd) ? -errno : (int)cmd.verdict;
}

/* The IPC hook itself: classes of real contexts, structure checks first. */
TEST_F(policy, check_between_contexts)
{
	const u32 hdr = sizeof(struct kos_msg_hdr);
	int client = open_as("Client"), server = open_as("Server"), none = kos_open();
	size_t len;
	void *blob = policy_compile_text(policy_a, &len);

	ASSERT_LE(0, client);
	ASSERT_LE(0, server);
	ASSERT_LE(0, none);
	ASSERT_EQ(0, policy_load(self->fd, blob, len));
	EXPECT_EQ(1, check(client, server, KOS_MSG_REQUEST, 16, 1, hdr, 0));
	EXPECT_EQ(0, check(client, server, KOS_MSG_REQUEST, 16, 2, hdr, 0));
	EXPECT_EQ(0, check(server, client, KOS_MSG_REQUEST, 16, 1, hdr, 0));
	EXPECT_EQ(0, check(none, server, KOS_MSG_REQUEST, 16, 1, hdr, 0));
	EXPECT_EQ(1, check(server, client, KOS_MSG_RESPONSE, 16, 1, hdr, 0));
	EXPECT_EQ(0, check(server, client, KOS_MSG_RESPONSE, 16, 2, hdr, 0));
	/* malformed messages are denied whatever the rules say */
	EXPECT_EQ(0, check(client, server, KOS_MSG_REQUEST, 16, 1, hdr - 1, 0));
	EXPECT_EQ(1, check(client, server, KOS_MSG_REQUEST, 16, 1, KOS_IPC_MSG_MAX, 0));
	EXPECT_EQ(0, check(client, server, KOS_MSG_REQUEST, 16, 1, KOS_IPC_MSG_MAX + 1, 0));
	EXPECT_EQ(0, check(client, server, KOS_MSG_REQUEST, 16, 1, hdr,
			   KOS_IPC_HANDLES_MAX + 1));
	EXPECT_EQ(1, check(client, server, KOS_MSG_REQUEST, 16, 1, hdr, KOS_IPC_HANDLES_MAX));
	/* no policy: the default parameter */
	ASSERT_EQ(0, policy_unload(self->fd));
	EXPECT_EQ(1, check(server, client, KOS_MSG_REQUEST, 16, 1, hdr, 0));
	ASSERT_EQ(0, write_param(DEFAULT_PARAM, "deny"));
	EXPECT_EQ(0, check(client, server, KOS_MSG_REQUEST, 16, 1, hdr, 0));
	/* argument checks */
	EXPECT_EQ(-EBADF, check(client, 0, KOS_MSG_REQUEST, 16, 1, hdr, 0));
	EXPECT_EQ(-EBADF, check(client, 999, KOS_MSG_REQUEST, 16, 1, hdr, 0));
	EXPECT_EQ(-EINVAL, check(client, server, KOS_MSG_EXECUTE, 16, 1, hdr, 0));
	close(client);
	close(server);
	close(none);
	free(blob);
}

struct reload_arg {
	int fd;
	volatile int stop;
	unsigned int mixed, decisions;
};

/* Every decision must be policy a's (grant, line 8) or policy b's (deny, 10/11). */
static void *evaluator(void *p)
{
	struct reload_arg *a = p;
	int fd = kos_open();

	while (!a->stop) {
		u32 line;
		int v = eval(fd, KOS_MSG_REQUEST, "Client", "Server", 16, 1, 0, &line);

		if (!((v == 1 && line == 8) || (v == 0 && (line == 10 || line == 11))))
			__atomic_add_fetch(&a->mixed, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&a->decisions, 1, __ATOMIC_RELAXED);
	}
	close(fd);
	return NULL;
}

TEST_F(policy, atomic_reload_under_load)
{
	struct reload_arg arg = { .fd = self->fd };
	size_t la, lb;
	void *a = policy_compile_text(policy_a, &la), *b = policy_compile_text(policy_b, &lb);
	pthread_t t[2];
	unsigned int i;

	ASSERT_EQ(0, policy_load(self->fd, a, la));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, evaluator, &arg));
	/* at least 400 reloads, and until the evaluators made 2000 decisions */
	for (i = 0; i < 400 || (__atomic_load_n(&arg.decisions, __ATOMIC_RELAXED) < 2000 &&
				i < 200000); i++)
		ASSERT_EQ(0, policy_load(self->fd, i % 2 ? a : b, i % 2 ? la : lb));
	arg.stop = 1;
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	TH_LOG("%u decisions during the reloads", arg.decisions);
	EXPECT_LE(2000, arg.decisions);
	EXPECT_EQ(0, arg.mixed);
	free(a);
	free(b);
}

/*
 * Issue bursts of audited denials from class @src until kos-audit exits
 * (EOF) or @ms milliseconds after its first output (it may take a while to
 * start and subscribe: at most 10 s); what it printed lands in @buf.
 */
static ssize_t collect(int fd, int rfd, const char *src, unsigned int burst, long ms,
		       char *buf, size_t len)
{
	long end = now_ms() + 10000;
	size_t got = 0;

	while (now_ms() < end && got < len - 1) {
		struct pollfd pfd = { .fd = rfd, .events = POLLIN };
		unsigned int i;
		ssize_t n;

		for (i = 0; i < burst; i++)
			eval(fd, KOS_MSG_REQUEST, src, "Server", 16, 2, KOS_EVAL_AUDIT, NULL);
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = read(rfd, buf + got, len - 1 - got);
		if (n <= 0)
			break;
		if (!got && now_ms() + ms < end)
			end = now_ms() + ms;
		got += n;
	}
	buf[got] = 0;
	return got;
}

TEST_F(policy, audit_records_reach_kos_audit)
{
	char *const argv[] = { "/bin/kos-audit", "--json", "--verdict=deny", "--src=Auditor",
			       "--count=2", "--timeout=20", NULL };
	size_t len;
	void *blob = policy_compile_text(policy_a, &len);
	char buf[4096], expect[256];
	int rfd, status;
	pid_t pid;

	if (access(argv[0], X_OK))
		SKIP(return, "no /bin/kos-audit");
	ASSERT_EQ(0, policy_load(self->fd, blob, len));
	rfd = spawn_audit(&pid, argv);
	ASSERT_LE(0, rfd);
	/* granted and unaudited decisions must not show up */
	eval(self->fd, KOS_MSG_REQUEST, "Client", "Server", 16, 1, KOS_EVAL_AUDIT, NULL);
	collect(self->fd, rfd, "Auditor", 1, 10000, buf, sizeof(buf));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	TH_LOG("kos-audit: %s", buf);
	snprintf(expect, sizeof(expect),
		 "\"src_pid\":%d,\"src_class\":\"Auditor\",\"dst_class\":\"Server\",\"kind\":\"request\",\"endpoint\":16,\"method\":2,\"verdict\":\"deny\",\"line\":0,",
		 getpid());
	EXPECT_NE(NULL, strstr(buf, expect));
	EXPECT_EQ(NULL, strstr(buf, "\"verdict\":\"grant\""));
	close(rfd);
	free(blob);
}

TEST_F(policy, audit_rate_limit_counts_drops)
{
	char *const argv[] = { "/bin/kos-audit", "--src=Flood", "--timeout=2", NULL };
	char buf[16384], *last;	/* text records end in "dropped=N" */
	unsigned long long dropped = 0;
	int rfd, status;
	pid_t pid;

	if (access(argv[0], X_OK))
		SKIP(return, "no /bin/kos-audit");
	ASSERT_EQ(0, write_param(DEFAULT_PARAM, "deny"));
	ASSERT_EQ(0, write_param(RATE_PARAM, "5"));
	rfd = spawn_audit(&pid, argv);
	ASSERT_LE(0, rfd);
	collect(self->fd, rfd, "Flood", 200, 1500, buf, sizeof(buf));
	write_param(RATE_PARAM, "1000");
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	ASSERT_NE(NULL, strstr(buf, "deny pid="));
	last = strstr(buf, "dropped=");
	while (last && strstr(last + 1, "dropped="))
		last = strstr(last + 1, "dropped=");
	ASSERT_NE(NULL, last);
	ASSERT_EQ(1, sscanf(last, "dropped=%llu", &dropped));
	TH_LOG("last record reports %llu dropped", dropped);
	EXPECT_LT(0, dropped);
	close(rfd);
}

TEST_HARNESS_MAIN
