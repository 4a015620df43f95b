// SPDX-License-Identifier: GPL-2.0
/* Group and task statistics from /proc. */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <coresrv/stat/stat_api.h>
#include <kos/thread.h>

#include "kselftest_harness.h"

/* The task handle of process @pid, from a fresh task list. */
static TaskHandle find_task(struct __test_metadata *_metadata, pid_t pid)
{
	TaskListHandle list;
	TaskHandle task = NULL, t;
	rtl_uint64_t id;
	rtl_size_t i;

	ASSERT_EQ(rcOk, KnGroupStatGetTaskList(&list)) return NULL;
	ASSERT_GT(KnTaskStatGetTasksCount(list), 1) return NULL;
	for (i = 0; i < KnTaskStatGetTasksCount(list) && !task; i++) {
		if (KnTaskStatEnumTaskList(list, i, &t) != rcOk)
			continue;	/* exited since the snapshot */
		ASSERT_EQ(rcOk, KnTaskStatGetId(t, &id)) return NULL;
		if (id == (rtl_uint64_t)pid)
			task = t;
		else
			KnTaskStatCloseTask(t);
	}
	ASSERT_EQ(rcInvalidArgument, KnTaskStatEnumTaskList(list, i + 100000, &t))
		return NULL;
	KnTaskStatCloseTaskList(list);
	return task;
}

static int parked(void *ctx)
{
	(void)ctx;
	KosThreadSuspend(KosThreadCurrentId());
	return 0;
}

TEST(own_process_is_listed_with_its_parameters)
{
	rtl_uint64_t v, threads, ppid;
	char name[64], tiny[2];
	TaskHandle task;
	Tid tid;

	prctl(PR_SET_NAME, "kos-stat-me");
	setpriority(PRIO_PROCESS, 0, 19);
	task = find_task(_metadata, getpid());
	ASSERT_NE(NULL, task);
	ASSERT_EQ(rcOk, KnTaskStatGetName(task, name, sizeof(name)));
	ASSERT_STREQ("kos-stat-me", name);
	ASSERT_EQ(rcBufferTooSmall, KnTaskStatGetName(task, tiny, sizeof(tiny)));
	ASSERT_EQ(rcOk, KnTaskStatGetParam(task, TASK_PARAM_PPID, &ppid));
	ASSERT_EQ((rtl_uint64_t)getppid(), ppid);
	ASSERT_EQ(rcOk, KnTaskStatGetParam(task, TASK_PARAM_THREADS, &threads));
	ASSERT_EQ(rcOk, KosThreadCreate(&tid, ThreadPriorityNormal, 0, parked,
					NULL, 0));
	ASSERT_EQ(rcOk, KnTaskStatGetParam(task, TASK_PARAM_THREADS, &v));
	ASSERT_EQ(threads + 1, v);
	ASSERT_EQ(rcOk, KnTaskStatGetParam(task, TASK_PARAM_STATE, &v));
	ASSERT_EQ(TaskStateRunning, v);
	ASSERT_EQ(rcOk, KnTaskStatGetParam(task, TASK_PARAM_PRIO, &v));
	ASSERT_EQ(ThreadPriorityLowest, v);
	ASSERT_EQ(rcOk, KnTaskStatGetParam(task, TASK_PARAM_MEM_PAGES, &v));
	ASSERT_GT(v, 0);
	ASSERT_EQ(rcOk, KnTaskStatGetParam(task, TASK_PARAM_VMSIZE, &threads));
	ASSERT_GE(threads, v);
	ASSERT_EQ(rcOk, KnTaskStatGetParam(task, TASK_PARAM_HANDLES, &v));
	ASSERT_GE(v, 3);
	ASSERT_EQ(rcOk, KnTaskStatGetParam(task, TASK_PARAM_TIME_USER, &v));
	ASSERT_EQ(rcOk, KnTaskStatGetParam(task, TASK_PARAM_TIME_TOTAL, &threads));
	ASSERT_GE(threads, v);
	ASSERT_EQ(rcInvalidArgument, KnTaskStatGetParam(task, (TaskStatParam)99, &v));
	KnTaskStatCloseTask(task);
	KosThreadTerminate(tid, 0);
}

TEST(terminated_process_reports_terminated)
{
	rtl_uint64_t v;
	TaskHandle task;
	pid_t pid = fork();

	if (pid == 0) {
		pause();
		_exit(0);
	}
	task = find_task(_metadata, pid);
	ASSERT_NE(NULL, task);
	ASSERT_EQ(rcOk, KnTaskStatGetParam(task, TASK_PARAM_STATE, &v));
	ASSERT_NE(TaskStateTerminated, v);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	ASSERT_EQ(rcOk, KnTaskStatGetParam(task, TASK_PARAM_STATE, &v));
	ASSERT_EQ(TaskStateTerminated, v);
	KnTaskStatCloseTask(task);
}

TEST(group_parameters)
{
	rtl_uint64_t k0, u0, i0, k1, u1, i1, total, avail, tasks, threads;
	volatile unsigned long spin;

	ASSERT_EQ(rcOk, KnGroupStatGetParam(GROUP_PARAM_CPU_KERNEL, &k0));
	ASSERT_EQ(rcOk, KnGroupStatGetParam(GROUP_PARAM_CPU_USER, &u0));
	ASSERT_EQ(rcOk, KnGroupStatGetParam(GROUP_PARAM_CPU_IDLE, &i0));
	for (spin = 0; spin < 50000000; spin++)
		;
	ASSERT_EQ(rcOk, KnGroupStatGetParam(GROUP_PARAM_CPU_KERNEL, &k1));
	ASSERT_EQ(rcOk, KnGroupStatGetParam(GROUP_PARAM_CPU_USER, &u1));
	ASSERT_EQ(rcOk, KnGroupStatGetParam(GROUP_PARAM_CPU_IDLE, &i1));
	ASSERT_GE(k1, k0);
	ASSERT_GT(u1, u0);
	ASSERT_GE(i1, i0);
	ASSERT_EQ(rcOk, KnGroupStatGetParam(GROUP_PARAM_MEM_TOTAL, &total));
	ASSERT_EQ(rcOk, KnGroupStatGetParam(GROUP_PARAM_MEM_FREE, &avail));
	ASSERT_GT(total, avail);
	ASSERT_GT(avail, 0);
	ASSERT_EQ(rcOk, KnGroupStatGetParam(GROUP_PARAM_TASKS, &tasks));
	ASSERT_EQ(rcOk, KnGroupStatGetParam(GROUP_PARAM_THREADS, &threads));
	ASSERT_GT(tasks, 1);
	ASSERT_GE(threads, tasks);
	ASSERT_EQ(rcInvalidArgument, KnGroupStatGetParam(GROUP_PARAM_TASKS, NULL));
	ASSERT_EQ(rcInvalidArgument, KnGroupStatGetParam((GroupStatParam)99, &tasks));
}

TEST_HARNESS_MAIN
