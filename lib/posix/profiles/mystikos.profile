# mystikos: Mystikos system-call limitations (seed 003).
# Format: see kasperskyos.profile and Documentation/posix-profile.rst.
# Unsupported -> trap: the supervisor stops the program, naming the call.
# Stub only   -> 0: the call succeeds without effect.
# Partial     -> -: Mystikos documents no specifics; the call behaves as on
#                Linux and audit mode reports it.
shmget | unsupported | seccomp | shmget; shmctl; shmat; shmdt | trap | System V shared memory
msgget | unsupported | seccomp | msgget; msgsnd; msgrcv; msgctl | trap | System V message queue
mq_open | unsupported | seccomp | mq_open; mq_unlink; mq_timedsend; mq_timedreceive | trap | POSIX message queue (1/2)
mq_notify | unsupported | seccomp | mq_notify; mq_getsetattr | trap | POSIX message queue (2/2)
semop | unsupported | seccomp | semop; semctl; semget; semtimedop | trap | System V semaphore
fork | partial | seccomp | fork; vfork | - | Experimental in Mystikos
unshare | unsupported | seccomp | unshare | trap | unshare states between parent and child
process_vm_readv | unsupported | seccomp | process_vm_readv; process_vm_writev | trap | read/write another process's memory
kcmp | unsupported | seccomp | kcmp | trap | compare kernel resources of two processes
getpriority | unsupported | seccomp | getpriority; setpriority | trap | scheduling priority
sched_rr_get_interval | unsupported | seccomp | sched_rr_get_interval | trap | round-robin interval
sched_setparam | stubonly | seccomp | sched_setparam; sched_getparam | 0 | scheduling parameters
sched_setscheduler | stubonly | seccomp | sched_setscheduler; sched_getscheduler | 0 | scheduling policy
sched_setattr | stubonly | seccomp | sched_setattr; sched_getattr | 0 | scheduling attributes
sched_get_priority_max | stubonly | seccomp | sched_get_priority_max; sched_get_priority_min | 0 | priority range
getpgrp | partial | seccomp | getpgrp; setpgid; getpgid | - | process group IDs (1/2)
getregid | partial | seccomp | setregid; getresgid; setresgid | - | process group IDs (2/2)
getgroups | partial | seccomp | getgroups; setgroups | - | supplementary groups
setsid | partial | seccomp | setsid; getsid | - | sessions
setreuid | partial | seccomp | setreuid; setresuid; getresuid | - | user IDs
setfsuid | partial | seccomp | setfsuid; setfsgid | - | file-system IDs
getrlimit | unsupported | seccomp | getrlimit; setrlimit | trap | resource limits
getrusage | partial | seccomp | getrusage | - | resource usage
sysinfo | partial | seccomp | sysinfo | - | system statistics
times | partial | seccomp | times | - | process times
capget | unsupported | seccomp | capget; capset | trap | capabilities
utime | unsupported | seccomp | utime; utimes | trap | file times
prctl | partial | seccomp | prctl; arch_prctl | - | thread/process behaviour
clock_settime | partial | seccomp | clock_settime; clock_gettime | - | clocks
adjtimex | unsupported | seccomp | adjtimex; clock_adjtime; settimeofday | trap | set clocks
setdomainname | unsupported | seccomp | setdomainname | trap | NIS domain name
prlimit64 | partial | seccomp | prlimit64 | - | resource limits
timer_create | unsupported | seccomp | timer_create; timer_settime; timer_gettime; timer_getoverrun | trap | POSIX timers (1/2)
timer_delete | unsupported | seccomp | timer_delete | trap | POSIX timers (2/2)
eventfd | unsupported | seccomp | eventfd; eventfd2; signalfd; signalfd4 | trap | events on descriptors (1/2); eventfd2 is what libc's eventfd() uses
timerfd_create | unsupported | seccomp | timerfd_create; timerfd_settime; timerfd_gettime | trap | events on descriptors (2/2)
rt_sigtimedwait | unsupported | seccomp | rt_sigtimedwait | trap | wait for a signal
rt_sigqueueinfo | unsupported | seccomp | rt_sigqueueinfo; rt_tgsigqueueinfo | trap | "Unhanlded" in the seed, read as unsupported
rt_sigsuspend | unsupported | seccomp | rt_sigsuspend | trap | wait for a signal with a mask
sigaltstack | stubonly | seccomp | sigaltstack | 0 | alternate signal stack
fcntl | partial | seccomp | fcntl | - | descriptor operations
mknod | partial | seccomp | mknod | - | create a node
mknodat | unsupported | seccomp | mknodat; renameat2; linkat | trap | *at operations
lsetxattr | unsupported | seccomp | lsetxattr; fsetxattr; getxattr; lgetxattr | trap | extended attributes (1/3)
fgetxattr | unsupported | seccomp | fgetxattr; listxattr; llistxattr; flistxattr | trap | extended attributes (2/3)
removexattr | unsupported | seccomp | removexattr; lremovexattr; fremovexattr | trap | extended attributes (3/3)
inotify_add_watch | partial | seccomp | inotify_add_watch | - | file-system monitoring
fanotify_init | unsupported | seccomp | fanotify_init; fanotify_mark | trap | file-system monitoring
statx | unsupported | seccomp | statx | trap | extended file status
memfd_create | unsupported | seccomp | memfd_create | trap | anonymous files
chroot | unsupported | seccomp | chroot | trap | change root
statfs | partial | seccomp | statfs; fstatfs | - | file-system status
syncfs | unsupported | seccomp | syncfs | trap | flush a file system
mmap | partial | seccomp | mmap | - | allocate pages
msync | partial | seccomp | msync | - | flush mapped files
mlock | stubonly | seccomp | mlock | 0 | lock pages
mlock2 | unsupported | seccomp | mlock2; munlock; mlockall; munlockall | trap | lock/unlock pages
pkey_mprotect | unsupported | seccomp | pkey_mprotect; pkey_alloc; pkey_free | trap | protection keys
mincore | unsupported | seccomp | mincore | trap | residency
mbind | unsupported | seccomp | mbind; set_mempolicy; get_mempolicy | trap | NUMA policy
migrate_pages | unsupported | seccomp | migrate_pages; move_pages | trap | NUMA moves
syslog | unsupported | seccomp | syslog | trap | kernel log
futex | partial | seccomp | futex | - | futexes
get_thread_area | unsupported | seccomp | get_thread_area | trap | thread-local storage
clock_nanosleep | unsupported | seccomp | clock_nanosleep | trap | high-resolution sleep
bpf | unsupported | seccomp | bpf | trap | BPF
seccomp | unsupported | seccomp | seccomp | trap | seccomp filters
iopl | unsupported | seccomp | iopl; ioperm; io_setup; io_destroy | trap | I/O operations (1/2)
io_getevents | unsupported | seccomp | io_getevents; io_submit; io_cancel; ioprio_set | trap | I/O operations (2/2)
ioprio_get | unsupported | seccomp | ioprio_get | trap | I/O operations
reboot | unsupported | seccomp | reboot; kexec_load; kexec_file_load | trap | system-wide ("YS_kexec_load" in the seed)
init_module | unsupported | seccomp | init_module; finit_module; delete_module | trap | kernel modules ("query_module" does not exist on x86_64)
io_uring_setup | restricted | seccomp | io_uring_setup | ENOSYS | kos-linux: io_uring would bypass the filter
