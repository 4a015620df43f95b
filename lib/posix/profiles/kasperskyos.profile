# kasperskyos: KasperskyOS CE POSIX limitations (seeds 000, and 001 "POSIX support
# limitations" of CE 1.2, which wins where they disagree).
# Format (Documentation/posix-profile.rst): one row per line, '|'-separated:
#   interface | class | layer | rule | result | source: note
# class:  notimpl stub partial restricted
# layer:  seccomp (kernel, binds static binaries), shim (libkos-posix.so),
#         supervisor (user notification), none (not enforceable on Linux)
# rule:   seccomp: syscall[:cond[,cond]] [; syscall...]   cond: aN&MASK==VAL, aN==VAL, aN!=VAL
#         shim/none: the libc function name(s)
# result: errno name (call fails with it), 0 (succeeds without effect), trap
#         (process stopped with a message), - (not enforced)
fork | stub | seccomp | clone:a0&CLONE_THREAD==0; fork; vfork; clone3 | ENOSYS | 001 stub (000: not implemented); clone3 refused so libc falls back to clone
pthread_atfork | notimpl | shim | __register_atfork | ENOSYS | 000,001
wait | stub | seccomp | wait4 | ENOSYS | 000,001
waitid | notimpl | seccomp | waitid | ENOSYS | 000,001
waitpid | stub | seccomp | wait4 | ENOSYS | 000,001
execl | stub | supervisor | execve | ENOSYS | 001 row 1 of "Run the executable file"
execle | stub | supervisor | execve | ENOSYS | 001 row 2 of "Run the executable file"
execlp | stub | supervisor | execve | ENOSYS | 001 row 3 of "Run the executable file"
execv | stub | supervisor | execve | ENOSYS | 001 row 4 (000: not implemented)
execve | stub | supervisor | execve | ENOSYS | 001 row 5 (000: not implemented)
execvp | stub | supervisor | execve | ENOSYS | 001 row 6 of "Run the executable file"
fexecve | stub | supervisor | execveat | ENOSYS | 001 row 7 of "Run the executable file"
setpgid | stub | seccomp | setpgid | ENOSYS | 000,001
setsid | notimpl | seccomp | setsid | ENOSYS | 001 (000: stub)
getpgrp | notimpl | seccomp | getpgrp; getpgid:a0==0 | ENOSYS | 001 (000: stub); libc may implement it as getpgid(0)
getpgid | stub | seccomp | getpgid | ENOSYS | 000,001
getppid | notimpl | seccomp | getppid | ENOSYS | 001 (000: stub)
getsid | stub | seccomp | getsid | ENOSYS | 000,001
times | stub | seccomp | times | ENOSYS | 000,001
kill | restricted | seccomp | kill:a1!=SIGTERM | EINVAL | 000,001: only SIGTERM can be sent; the pid is ignored (not emulated)
pause | notimpl | seccomp | pause; rt_sigsuspend | ENOSYS | 001 (000: stub); libc implements pause with sigsuspend
sigpending | notimpl | seccomp | rt_sigpending | ENOSYS | 000,001
sigprocmask | stub | shim | sigprocmask | ENOSYS | 001; libc uses the system call internally, so only the function is limited
sigsuspend | stub | seccomp | rt_sigsuspend | ENOSYS | 001
sigwait | stub | seccomp | rt_sigtimedwait | ENOSYS | 001 "Wait for a signal from the defined set" (first)
sigqueue | notimpl | seccomp | rt_sigqueueinfo | ENOSYS | 000,001
sigtimedwait | notimpl | seccomp | rt_sigtimedwait | ENOSYS | 000,001
sigwaitinfo | notimpl | seccomp | rt_sigtimedwait | ENOSYS | 000,001
sem_init | restricted | shim | sem_init | ENOTSUP | 000,001: pshared != 0 fails
sem_open | restricted | shim | sem_open | ENOENT | 000,001: named semaphores are local to the creating process
pthread_mutexattr_setpshared | restricted | shim | pthread_mutexattr_setpshared | ENOTSUP | 001: PTHREAD_PROCESS_SHARED refused
pthread_barrierattr_setpshared | restricted | shim | pthread_barrierattr_setpshared | ENOTSUP | 001: PTHREAD_PROCESS_SHARED refused
pthread_condattr_setpshared | restricted | shim | pthread_condattr_setpshared | ENOTSUP | 001: PTHREAD_PROCESS_SHARED refused
pthread_rwlockattr_setpshared | restricted | shim | pthread_rwlockattr_setpshared | ENOTSUP | 001: PTHREAD_PROCESS_SHARED refused
pthread_spin_init | partial | shim | pthread_spin_init | 0 | 000,001: PTHREAD_PROCESS_SHARED is ignored
shm_open | notimpl | shim | shm_open | ENOSYS | 001 "Create or open a shared memory object"
mmap | restricted | seccomp | mmap:a3&MAP_SHARED==MAP_SHARED,a2&PROT_WRITE+PROT_EXEC==PROT_WRITE | EACCES | 000,001: MAP_SHARED with PROT_WRITE
mmap_wx | restricted | seccomp | mmap:a2&PROT_WRITE+PROT_EXEC==PROT_WRITE+PROT_EXEC | ENOMEM | 000: PROT_WRITE|PROT_EXEC refused
mprotect | restricted | seccomp | mprotect:a2&PROT_WRITE+PROT_EXEC==PROT_WRITE+PROT_EXEC | ENOTSUP | 000 W^X kernel configuration (001: stub unless configured; a stub mprotect would break the dynamic loader)
pipe | restricted | none | pipe | - | 000,001: pipes are local; holds because fork is refused
mkfifo | stub | seccomp | mknodat:a2&S_IFMT==S_IFIFO; mknod:a1&S_IFMT==S_IFIFO | ENOSYS | 000,001
mkfifoat | notimpl | seccomp | mknodat:a2&S_IFMT==S_IFIFO | ENOSYS | 000,001
pthread_kill | restricted | shim | pthread_kill | ENOSYS | 000,001: any signal number refused
pthread_sigmask | stub | shim | pthread_sigmask | ENOSYS | 001
siglongjmp | notimpl | shim | siglongjmp | trap | 000,001: the program is stopped when it calls it
sigsetjmp | notimpl | none | sigsetjmp | - | 000,001: not enforced (a wrapper cannot return twice); siglongjmp is
dprintf | notimpl | shim | dprintf | ENOSYS | 001 "Formatted print to file" (first)
fmemopen | notimpl | shim | fmemopen | ENOSYS | 001 "Use memory as a data stream"
open_memstream | notimpl | shim | open_memstream | ENOSYS | 001 "Use dynamically allocated memory as a data stream"
vdprintf | notimpl | shim | vdprintf | ENOSYS | 001 "Formatted print to file" (second)
aio_cancel | notimpl | shim | aio_cancel | ENOSYS | 000,001
aio_error | notimpl | shim | aio_error | ENOSYS | 000,001
aio_fsync | notimpl | shim | aio_fsync | ENOSYS | 000,001
aio_read | notimpl | shim | aio_read | ENOSYS | 000,001
aio_return | notimpl | shim | aio_return | ENOSYS | 000,001
aio_suspend | notimpl | shim | aio_suspend | ENOSYS | 000,001
aio_write | notimpl | shim | aio_write | ENOSYS | 000,001
lio_listio | notimpl | shim | lio_listio | ENOSYS | 000,001
pthread_mutex_consistent | notimpl | shim | pthread_mutex_consistent | ENOSYS | 000,001
pthread_mutexattr_getrobust | notimpl | shim | pthread_mutexattr_getrobust | ENOSYS | 000,001
pthread_mutexattr_setrobust | notimpl | shim | pthread_mutexattr_setrobust | ENOSYS | 000,001
ctermid | partial | shim | ctermid | 0 | 000,001: returns an empty string
tcsetattr | partial | none | tcsetattr | - | 000,001: speeds and hardware settings ignored (Linux applies them)
tcdrain | stub | seccomp | ioctl:a1==TCSBRK,a2==1 | ENOSYS | 000,001: returns -1
tcflow | partial | seccomp | ioctl:a1==TCXONC,a2==TCOOFF; ioctl:a1==TCXONC,a2==TCOON | ENOTSUP | 000,001: suspending/resuming output unsupported
tcflush | stub | seccomp | ioctl:a1==TCFLSH | ENOSYS | 000,001: returns -1
tcsendbreak | stub | seccomp | ioctl:a1==TCSBRK,a2==0; ioctl:a1==TCSBRKP | ENOSYS | 000,001: returns -1
ttyname | stub | shim | ttyname | ENOSYS | 000,001: returns NULL
ttyname_r | stub | shim | ttyname_r | ENOSYS | 000,001: returns an error value
tcgetpgrp | stub | seccomp | ioctl:a1==TIOCGPGRP | ENOSYS | 000,001: returns -1
tcsetpgrp | stub | seccomp | ioctl:a1==TIOCSPGRP | ENOSYS | 000,001: returns -1
tcgetsid | stub | seccomp | ioctl:a1==TIOCGSID | ENOSYS | 000,001: returns -1
popen | stub | shim | popen | ENOSYS | 000,001: returns NULL
pclose | notimpl | shim | pclose | ENOSYS | 000,001: unusable, popen never succeeds
system | stub | shim | system | ENOSYS | 000,001
wordexp | notimpl | shim | wordexp | ENOSYS | 000,001
wordfree | notimpl | shim | wordfree | trap | 000,001
dup | partial | none | dup | - | 000,001: lowest descriptor not guaranteed (Linux gives the lowest; harmless)
dup2 | restricted | supervisor | dup2; dup3 | EBADF | 000,001: fildes2 must be an open descriptor
clock_gettime | restricted | seccomp | clock_gettime:a0==CLOCK_PROCESS_CPUTIME_ID; clock_gettime:a0==CLOCK_THREAD_CPUTIME_ID | EINVAL | 000: CPU-time clocks refused
clock | partial | shim | clock | 0 | 000: milliseconds since the kernel started
confstr | stub | shim | confstr | ENOSYS | 000: returns 0
# Not in the seeds, required so the filter cannot be bypassed:
io_uring_setup | restricted | seccomp | io_uring_setup | ENOSYS | kos-linux: io_uring would bypass the filter
