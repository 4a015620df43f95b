/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * CPU time, memory and process statistics.  A task is a Linux process.
 * The reference's tables lost their parameter names and signatures; the
 * names below are kos-linux's reading of them (Documentation/libkos.rst).
 * CPU times are in nanoseconds, memory sizes in 4 KiB pages.
 */
#ifndef _CORESRV_STAT_STAT_API_H
#define _CORESRV_STAT_STAT_API_H

#include <rtl/retcode.h>
#include <rtl/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum GroupStatParam {
	GROUP_PARAM_CPU_KERNEL,		/* CPU time in kernel mode, all CPUs */
	GROUP_PARAM_CPU_USER,		/* CPU time in user mode */
	GROUP_PARAM_CPU_IDLE,		/* CPU time idle */
	GROUP_PARAM_MEM_TOTAL,		/* installed RAM, pages */
	GROUP_PARAM_MEM_FREE,		/* free RAM, pages */
	GROUP_PARAM_TASKS,		/* number of processes */
	GROUP_PARAM_THREADS,		/* number of threads */
} GroupStatParam;

typedef enum TaskStatParam {
	TASK_PARAM_TIME_TOTAL,		/* CPU time of the process */
	TASK_PARAM_TIME_USER,		/* of which in user mode */
	TASK_PARAM_MEM_PAGES,		/* RAM used (resident), pages */
	TASK_PARAM_THREADS,		/* threads of the process */
	TASK_PARAM_PPID,		/* parent process ID */
	TASK_PARAM_PRIO,		/* priority 0..31 (from the nice value) */
	TASK_PARAM_HANDLES,		/* open file descriptors */
	TASK_PARAM_VMSIZE,		/* virtual memory size, pages */
	TASK_PARAM_STATE,		/* a TaskState */
} TaskStatParam;

typedef enum TaskState {
	TaskStateUnknown,
	TaskStateRunning,
	TaskStateSleeping,
	TaskStateStopped,
	TaskStateTerminated,
} TaskState;

#define TASK_STAT_PAGE_SIZE 4096u

typedef struct KosTaskList *TaskListHandle;
typedef struct KosTaskStat *TaskHandle;

Retcode KnGroupStatGetParam(GroupStatParam param, rtl_uint64_t *value);
Retcode KnGroupStatGetTaskList(TaskListHandle *taskList);
rtl_size_t KnTaskStatGetTasksCount(TaskListHandle taskList);
Retcode KnTaskStatEnumTaskList(TaskListHandle taskList, rtl_size_t index,
			       TaskHandle *task);
Retcode KnTaskStatGetName(TaskHandle task, char *name, rtl_size_t size);
Retcode KnTaskStatGetId(TaskHandle task, rtl_uint64_t *pid);
Retcode KnTaskStatGetParam(TaskHandle task, TaskStatParam param,
			   rtl_uint64_t *value);
void KnTaskStatCloseTask(TaskHandle task);
void KnTaskStatCloseTaskList(TaskListHandle taskList);

#ifdef __cplusplus
}
#endif

#endif /* _CORESRV_STAT_STAT_API_H */
