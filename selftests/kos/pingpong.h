/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cross-process ping-pong of a small message: the baselines that the kos
 * IPC benchmarks are measured against in the same VM run (TCG times are
 * only comparable within one run).  Each transport forks a server that
 * echoes every message; pingpong_run() returns nanoseconds per round trip,
 * or a negative errno when the transport is unavailable here.
 *
 * Header-only: each benchmark program is built from one source file.
 */
#ifndef _KOS_PINGPONG_H
#define _KOS_PINGPONG_H

#include <errno.h>
#include <fcntl.h>
#include <linux/android/binder.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PINGPONG_MSG_SIZE 64

struct pingpong_transport {
	const char *name;
	/* Set up both ends before fork; 0 or -errno. */
	int (*setup)(void **state);
	/* Child: echo until the client goes away. */
	void (*serve)(void *state);
	/* Parent: one round trip of @len bytes; 0 or -errno. */
	int (*call)(void *state, const void *msg, size_t len);
	void (*teardown)(void *state);
};

static inline double pingpong_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int full_io(int fd, void *buf, size_t len, int writing)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = writing ? write(fd, (char *)buf + done, len - done) :
				      read(fd, (char *)buf + done, len - done);
		if (n <= 0)
			return n == 0 ? -EPIPE : -errno;
		done += n;
	}
	return 0;
}

/* pipe pair and unix socket pair: fd[0] client end, fd[1] server end. */
struct pp_fds {
	int cl_rd, cl_wr, sv_rd, sv_wr;
};

static void pp_fds_serve(void *state)
{
	struct pp_fds *s = state;
	char buf[PINGPONG_MSG_SIZE];

	close(s->cl_rd);
	close(s->cl_wr);
	while (!full_io(s->sv_rd, buf, sizeof(buf), 0))
		if (full_io(s->sv_wr, buf, sizeof(buf), 1))
			break;
}

static int pp_fds_call(void *state, const void *msg, size_t len)
{
	struct pp_fds *s = state;
	char buf[PINGPONG_MSG_SIZE];
	int ret = full_io(s->cl_wr, (void *)msg, len, 1);

	return ret ? ret : full_io(s->cl_rd, buf, len, 0);
}

static void pp_fds_teardown(void *state)
{
	struct pp_fds *s = state;

	close(s->cl_rd);
	close(s->cl_wr);
	close(s->sv_rd);
	close(s->sv_wr);
	free(s);
}

static int pp_pipe_setup(void **state)
{
	struct pp_fds *s = calloc(1, sizeof(*s));
	int a[2], b[2];

	if (!s || pipe(a) || pipe(b)) {
		free(s);
		return -errno;
	}
	*s = (struct pp_fds){ .cl_wr = a[1], .sv_rd = a[0], .sv_wr = b[1], .cl_rd = b[0] };
	*state = s;
	return 0;
}

static int pp_unix_setup(void **state)
{
	struct pp_fds *s = calloc(1, sizeof(*s));
	int sv[2];

	if (!s || socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		free(s);
		return -errno;
	}
	*s = (struct pp_fds){ .cl_rd = sv[0], .cl_wr = dup(sv[0]), .sv_rd = sv[1],
			      .sv_wr = dup(sv[1]) };
	*state = s;
	return 0;
}

/* futex: a shared word, 1 = request pending, 2 = reply ready, 3 = quit. */
struct pp_futex {
	uint32_t word;
	char msg[PINGPONG_MSG_SIZE];
};

static void futex_wait(uint32_t *w, uint32_t val)
{
	syscall(SYS_futex, w, FUTEX_WAIT, val, NULL, NULL, 0);
}

static void futex_wake(uint32_t *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static int pp_futex_setup(void **state)
{
	void *p = mmap(NULL, sizeof(struct pp_futex), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -errno;
	*state = p;
	return 0;
}

static void pp_futex_serve(void *state)
{
	struct pp_futex *s = state;
	uint32_t w;

	for (;;) {
		while ((w = __atomic_load_n(&s->word, __ATOMIC_ACQUIRE)) != 1) {
			if (w == 3)
				return;
			futex_wait(&s->word, w);
		}
		__atomic_store_n(&s->word, 2, __ATOMIC_RELEASE);
		futex_wake(&s->word);
	}
}

static int pp_futex_call(void *state, const void *msg, size_t len)
{
	struct pp_futex *s = state;

	memcpy(s->msg, msg, len);
	__atomic_store_n(&s->word, 1, __ATOMIC_RELEASE);
	futex_wake(&s->word);
	while (__atomic_load_n(&s->word, __ATOMIC_ACQUIRE) != 2)
		futex_wait(&s->word, 1);
	return 0;
}

static void pp_futex_teardown(void *state)
{
	struct pp_futex *s = state;

	__atomic_store_n(&s->word, 3, __ATOMIC_RELEASE);
	futex_wake(&s->word);
	munmap(s, sizeof(*s));
}

/*
 * binder: the server becomes the context manager (handle 0) and answers
 * every BR_TRANSACTION with a BC_REPLY of the same bytes; the client sends
 * BC_TRANSACTION to handle 0 and reads until BR_REPLY.  Raw ioctls, as an
 * Android service manager would.
 */
#define PP_BINDER_MAP (128 * 1024)

struct pp_binder {
	int fd;
	void *map;
};

static int pp_binder_open(struct pp_binder *b)
{
	b->fd = open("/dev/binder", O_RDWR | O_CLOEXEC);
	if (b->fd < 0)
		return -errno;
	b->map = mmap(NULL, PP_BINDER_MAP, PROT_READ, MAP_PRIVATE, b->fd, 0);
	if (b->map == MAP_FAILED) {
		close(b->fd);
		return -errno;
	}
	return 0;
}

static int pp_binder_wr(int fd, void *wbuf, size_t wlen, void *rbuf, size_t rlen,
			size_t *rconsumed)
{
	struct binder_write_read bwr = {
		.write_size = wlen, .write_buffer = (uintptr_t)wbuf,
		.read_size = rlen, .read_buffer = (uintptr_t)rbuf,
	};

	if (ioctl(fd, BINDER_WRITE_READ, &bwr) < 0)
		return -errno;
	if (rconsumed)
		*rconsumed = bwr.read_consumed;
	return 0;
}

/* Find the first @want command in a read buffer; copy its transaction. */
static int pp_binder_find(const char *buf, size_t len, uint32_t want,
			  struct binder_transaction_data *tr)
{
	size_t off = 0;

	while (off + sizeof(uint32_t) <= len) {
		uint32_t cmd;

		memcpy(&cmd, buf + off, sizeof(cmd));
		off += sizeof(cmd);
		if (cmd == want) {
			memcpy(tr, buf + off, sizeof(*tr));
			return 1;
		}
		if (cmd == BR_DEAD_REPLY || cmd == BR_FAILED_REPLY)
			return -ECONNRESET;
		off += _IOC_SIZE(cmd);
	}
	return 0;
}

static int pp_binder_setup(void **state)
{
	struct pp_binder *b = calloc(1, sizeof(*b));

	if (!b)
		return -ENOMEM;
	if (access("/dev/binder", F_OK)) {
		free(b);
		return -ENODEV;
	}
	b->fd = -1;
	*state = b;
	return 0;
}

static void pp_binder_serve(void *state)
{
	struct pp_binder *b = state;
	struct binder_transaction_data tr;
	char rbuf[256];
	struct {
		uint32_t free_cmd;
		binder_uintptr_t buffer;
		uint32_t reply_cmd;
		struct binder_transaction_data reply;
	} __attribute__((packed)) w;
	uint32_t enter = BC_ENTER_LOOPER;
	size_t got = 0;
	int zero = 0;

	if (pp_binder_open(b) || ioctl(b->fd, BINDER_SET_CONTEXT_MGR, &zero) ||
	    pp_binder_wr(b->fd, &enter, sizeof(enter), NULL, 0, NULL))
		_exit(1);
	/* Tell the parent we are the context manager. */
	kill(getppid(), SIGUSR1);
	for (;;) {
		if (pp_binder_wr(b->fd, NULL, 0, rbuf, sizeof(rbuf), &got))
			_exit(1);
		if (pp_binder_find(rbuf, got, BR_TRANSACTION, &tr) != 1)
			continue;
		if (tr.code == 2)
			_exit(0);
		memset(&w, 0, sizeof(w));
		w.free_cmd = BC_FREE_BUFFER;
		w.buffer = tr.data.ptr.buffer;
		w.reply_cmd = BC_REPLY;
		w.reply.data_size = tr.data_size;
		w.reply.data.ptr.buffer = tr.data.ptr.buffer;
		if (pp_binder_wr(b->fd, &w, sizeof(w), NULL, 0, NULL))
			_exit(1);
	}
}

static int pp_binder_transact(struct pp_binder *b, uint32_t code, const void *msg,
			      size_t len)
{
	struct {
		uint32_t cmd;
		struct binder_transaction_data tr;
	} __attribute__((packed)) w = { .cmd = BC_TRANSACTION };
	struct {
		uint32_t cmd;
		binder_uintptr_t buffer;
	} __attribute__((packed)) fr = { .cmd = BC_FREE_BUFFER };
	struct binder_transaction_data reply;
	char rbuf[256];
	size_t got = 0;
	int ret;

	w.tr.target.handle = 0;
	w.tr.code = code;
	w.tr.data_size = len;
	w.tr.data.ptr.buffer = (uintptr_t)msg;
	ret = pp_binder_wr(b->fd, &w, sizeof(w), rbuf, sizeof(rbuf), &got);
	while (!ret && (ret = pp_binder_find(rbuf, got, BR_REPLY, &reply)) == 0)
		ret = pp_binder_wr(b->fd, NULL, 0, rbuf, sizeof(rbuf), &got);
	if (ret < 0)
		return ret;
	fr.buffer = reply.data.ptr.buffer;
	return pp_binder_wr(b->fd, &fr, sizeof(fr), NULL, 0, NULL);
}

static int pp_binder_call(void *state, const void *msg, size_t len)
{
	struct pp_binder *b = state;

	if (b->fd < 0) {
		int ret = pp_binder_open(b);

		if (ret)
			return ret;
	}
	return pp_binder_transact(b, 1, msg, len);
}

static void pp_binder_teardown(void *state)
{
	struct pp_binder *b = state;
	char c = 0;

	if (b->fd >= 0) {
		struct {
			uint32_t cmd;
			struct binder_transaction_data tr;
		} __attribute__((packed)) w = { .cmd = BC_TRANSACTION };

		/* One-way "quit" so the server exits. */
		w.tr.code = 2;
		w.tr.flags = TF_ONE_WAY;
		w.tr.data_size = 1;
		w.tr.data.ptr.buffer = (uintptr_t)&c;
		pp_binder_wr(b->fd, &w, sizeof(w), NULL, 0, NULL);
		munmap(b->map, PP_BINDER_MAP);
		close(b->fd);
	}
	free(b);
}

static const struct pingpong_transport pingpong_pipe = {
	"pipe", pp_pipe_setup, pp_fds_serve, pp_fds_call, pp_fds_teardown,
};
static const struct pingpong_transport pingpong_unix = {
	"unix", pp_unix_setup, pp_fds_serve, pp_fds_call, pp_fds_teardown,
};
static const struct pingpong_transport pingpong_futex = {
	"futex", pp_futex_setup, pp_futex_serve, pp_futex_call, pp_futex_teardown,
};
static const struct pingpong_transport pingpong_binder = {
	"binder", pp_binder_setup, pp_binder_serve, pp_binder_call, pp_binder_teardown,
};

static volatile sig_atomic_t pp_server_ready;

static void pp_ready(int sig)
{
	(void)sig;
	pp_server_ready = 1;
}

/* ns per round trip over @iters calls after a warm-up, or -errno. */
static double pingpong_run(const struct pingpong_transport *t, long iters)
{
	char msg[PINGPONG_MSG_SIZE] = "ping";
	void *state;
	double start, ns;
	long i;
	int ret, status;
	pid_t pid;

	ret = t->setup(&state);
	if (ret)
		return ret;
	pp_server_ready = 0;
	signal(SIGUSR1, pp_ready);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		t->serve(state);
		_exit(0);
	}
	/* binder's server signals when it is the context manager. */
	if (t == &pingpong_binder)
		while (!pp_server_ready) {
			if (waitpid(pid, &status, WNOHANG) == pid) {
				t->teardown(state);
				return -ENODEV;
			}
			usleep(1000);
		}
	for (i = 0; i < iters / 10 + 1; i++) {
		ret = t->call(state, msg, sizeof(msg));
		if (ret)
			goto out;
	}
	start = pingpong_now_ns();
	for (i = 0; i < iters; i++) {
		ret = t->call(state, msg, sizeof(msg));
		if (ret)
			goto out;
	}
	ns = (pingpong_now_ns() - start) / iters;
out:
	t->teardown(state);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	return ret ? ret : ns;
}

#endif /* _KOS_PINGPONG_H */
