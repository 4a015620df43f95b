// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Statistics from /proc.  A task list is a snapshot of the PIDs in /proc; a
 * task handle holds an open /proc/<pid> directory, so it keeps naming the
 * same process: once that process is gone its files read as ESRCH and
 * TASK_PARAM_STATE reports TaskStateTerminated, even if the PID is reused.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <coresrv/stat/stat_api.h>

#include "internal.h"

struct KosTaskList {
	rtl_size_t count;
	rtl_uint64_t pids[];
};

struct KosTaskStat {
	int dirfd;
	rtl_uint64_t pid;
};

/* Reads a small /proc file relative to @dirfd into @buf (NUL-terminated). */
static Retcode read_proc(int dirfd, const char *name, char *buf, size_t size)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return KosLinuxRetcodeFromErrno(errno);
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return KosLinuxRetcodeFromErrno(errno);
	buf[n] = '\0';
	return rcOk;
}

static rtl_uint64_t ticks_to_ns(unsigned long long ticks)
{
	return (rtl_uint64_t)ticks * (1000000000ull / (rtl_uint64_t)sysconf(_SC_CLK_TCK));
}

static rtl_uint64_t bytes_to_pages(unsigned long long bytes)
{
	return bytes / TASK_STAT_PAGE_SIZE;
}

static Retcode cpu_times(GroupStatParam param, rtl_uint64_t *value)
{
	unsigned long long v[8] = { 0 };
	char buf[512];
	Retcode rc = read_proc(AT_FDCWD, "/proc/stat", buf, sizeof(buf));

	if (rc != rcOk)
		return rc;
	if (sscanf(buf, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
		   &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) < 4)
		return rcFail;
	if (param == GROUP_PARAM_CPU_USER)
		*value = ticks_to_ns(v[0] + v[1]);
	else if (param == GROUP_PARAM_CPU_KERNEL)
		*value = ticks_to_ns(v[2] + v[5] + v[6]);
	else
		*value = ticks_to_ns(v[3] + v[4]);
	return rcOk;
}

static Retcode meminfo(const char *key, rtl_uint64_t *value)
{
	char buf[4096], *p;
	unsigned long long kb;
	Retcode rc = read_proc(AT_FDCWD, "/proc/meminfo", buf, sizeof(buf));

	if (rc != rcOk)
		return rc;
	p = strstr(buf, key);
	if (!p || sscanf(p + strlen(key), " %llu", &kb) != 1)
		return rcFail;
	*value = bytes_to_pages(kb * 1024);
	return rcOk;
}

static Retcode thread_count(rtl_uint64_t *value)
{
	unsigned long long running, total;
	char buf[128];
	Retcode rc = read_proc(AT_FDCWD, "/proc/loadavg", buf, sizeof(buf));

	if (rc != rcOk)
		return rc;
	if (sscanf(buf, "%*s %*s %*s %llu/%llu", &running, &total) != 2)
		return rcFail;
	*value = total;
	return rcOk;
}

KOS_EXPORT Retcode KnGroupStatGetParam(GroupStatParam param, rtl_uint64_t *value)
{
	TaskListHandle list;
	Retcode rc;

	if (!value)
		return rcInvalidArgument;
	switch (param) {
	case GROUP_PARAM_CPU_KERNEL:
	case GROUP_PARAM_CPU_USER:
	case GROUP_PARAM_CPU_IDLE:
		return cpu_times(param, value);
	case GROUP_PARAM_MEM_TOTAL:
		return meminfo("MemTotal:", value);
	case GROUP_PARAM_MEM_FREE:
		return meminfo("MemAvailable:", value);
	case GROUP_PARAM_TASKS:
		rc = KnGroupStatGetTaskList(&list);
		if (rc == rcOk) {
			*value = KnTaskStatGetTasksCount(list);
			KnTaskStatCloseTaskList(list);
		}
		return rc;
	case GROUP_PARAM_THREADS:
		return thread_count(value);
	}
	return rcInvalidArgument;
}

static int is_pid(const char *s)
{
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

KOS_EXPORT Retcode KnGroupStatGetTaskList(TaskListHandle *taskList)
{
	struct KosTaskList *l, *bigger;
	rtl_size_t cap = 256;
	struct dirent *de;
	DIR *d;

	if (!taskList)
		return rcInvalidArgument;
	d = opendir("/proc");
	if (!d)
		return KosLinuxRetcodeFromErrno(errno);
	l = malloc(sizeof(*l) + cap * sizeof(l->pids[0]));
	if (!l)
		goto err_nomem;
	l->count = 0;
	while ((de = readdir(d))) {
		if (!is_pid(de->d_name))
			continue;
		if (l->count == cap) {
			cap *= 2;
			bigger = realloc(l, sizeof(*l) + cap * sizeof(l->pids[0]));
			if (!bigger)
				goto err_free;
			l = bigger;
		}
		l->pids[l->count++] = strtoull(de->d_name, NULL, 10);
	}
	closedir(d);
	*taskList = l;
	return rcOk;

err_free:
	free(l);
err_nomem:
	closedir(d);
	return rcOutOfMemory;
}

KOS_EXPORT rtl_size_t KnTaskStatGetTasksCount(TaskListHandle taskList)
{
	return taskList ? taskList->count : 0;
}

KOS_EXPORT Retcode KnTaskStatEnumTaskList(TaskListHandle taskList,
					  rtl_size_t index, TaskHandle *task)
{
	struct KosTaskStat *t;
	char path[32];

	if (!taskList || !task || index >= taskList->count)
		return rcInvalidArgument;
	t = malloc(sizeof(*t));
	if (!t)
		return rcOutOfMemory;
	snprintf(path, sizeof(path), "/proc/%llu",
		 (unsigned long long)taskList->pids[index]);
	t->pid = taskList->pids[index];
	t->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->dirfd < 0) {
		free(t);
		return rcResourceNotFound;
	}
	*task = t;
	return rcOk;
}

KOS_EXPORT Retcode KnTaskStatGetId(TaskHandle task, rtl_uint64_t *pid)
{
	if (!task || !pid)
		return rcInvalidArgument;
	*pid = task->pid;
	return rcOk;
}

/* /proc/<pid>/stat: the name in parentheses, then the fields after it. */
static Retcode read_stat(TaskHandle task, char *buf, size_t size, char **name,
			 char **rest)
{
	Retcode rc = read_proc(task->dirfd, "stat", buf, size);
	char *open, *close;

	if (rc != rcOk)
		return rc;
	open = strchr(buf, '(');
	close = strrchr(buf, ')');
	if (!open || !close || close < open)
		return rcFail;
	*close = '\0';
	*name = open + 1;
	*rest = close + 2;
	return rcOk;
}

KOS_EXPORT Retcode KnTaskStatGetName(TaskHandle task, char *name, rtl_size_t size)
{
	char buf[1024], *comm, *rest;
	Retcode rc;

	if (!task || !name || !size)
		return rcInvalidArgument;
	rc = read_stat(task, buf, sizeof(buf), &comm, &rest);
	if (rc != rcOk)
		return rc;
	if (strlen(comm) >= size)
		return rcBufferTooSmall;
	strcpy(name, comm);
	return rcOk;
}

static TaskState state_of(char s)
{
	switch (s) {
	case 'R':
		return TaskStateRunning;
	case 'S':
	case 'D':
	case 'I':
		return TaskStateSleeping;
	case 'T':
	case 't':
		return TaskStateStopped;
	case 'Z':
	case 'X':
		return TaskStateTerminated;
	default:
		return TaskStateUnknown;
	}
}

static Retcode count_fds(TaskHandle task, rtl_uint64_t *value)
{
	int fd = openat(task->dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d;

	if (fd < 0)
		return KosLinuxRetcodeFromErrno(errno);
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return rcOutOfMemory;
	}
	*value = 0;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			(*value)++;
	closedir(d);
	return rcOk;
}

/* Nice -20..19 back to a priority 0..31, inverting KosThreadCreate's map. */
static rtl_uint64_t nice_to_priority(long nice)
{
	if (nice >= 0)
		return 15 - (rtl_uint64_t)(nice * 15 / 19);
	return 15 + (rtl_uint64_t)(-nice * 16 / 20);
}

KOS_EXPORT Retcode KnTaskStatGetParam(TaskHandle task, TaskStatParam param,
				      rtl_uint64_t *value)
{
	unsigned long long utime, stime, vsize;
	long ppid, nice, threads, rss;
	char buf[1024], *comm, *rest, state;
	Retcode rc;

	if (!task || !value || (unsigned int)param > TASK_PARAM_STATE)
		return rcInvalidArgument;
	if (param == TASK_PARAM_HANDLES)
		return count_fds(task, value);
	rc = read_stat(task, buf, sizeof(buf), &comm, &rest);
	if (rc == rcResourceNotFound && param == TASK_PARAM_STATE) {
		*value = TaskStateTerminated;	/* ESRCH: the process is gone */
		return rcOk;
	}
	if (rc != rcOk)
		return rc;
	if (sscanf(rest, "%c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu "
		   "%*d %*d %*d %ld %ld %*d %*u %llu %ld", &state, &ppid, &utime,
		   &stime, &nice, &threads, &vsize, &rss) != 8)
		return rcFail;
	switch (param) {
	case TASK_PARAM_TIME_TOTAL:
		*value = ticks_to_ns(utime + stime);
		break;
	case TASK_PARAM_TIME_USER:
		*value = ticks_to_ns(utime);
		break;
	case TASK_PARAM_MEM_PAGES:
		*value = bytes_to_pages((unsigned long long)rss * (unsigned long long)sysconf(_SC_PAGESIZE));
		break;
	case TASK_PARAM_THREADS:
		*value = (rtl_uint64_t)threads;
		break;
	case TASK_PARAM_PPID:
		*value = (rtl_uint64_t)ppid;
		break;
	case TASK_PARAM_PRIO:
		*value = nice_to_priority(nice);
		break;
	case TASK_PARAM_VMSIZE:
		*value = bytes_to_pages(vsize);
		break;
	default:
		*value = state_of(state);
		break;
	}
	return rcOk;
}

KOS_EXPORT void KnTaskStatCloseTask(TaskHandle task)
{
	if (task) {
		close(task->dirfd);
		free(task);
	}
}

KOS_EXPORT void KnTaskStatCloseTaskList(TaskListHandle taskList)
{
	free(taskList);
}
