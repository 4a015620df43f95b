// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Virtual memory on mmap.  Reserving maps PROT_NONE, MAP_NORESERVE memory;
 * committing gives pages their protection (PROT_* from VMM_FLAG_*), and
 * VMM_FLAG_LOCKED prefaults them (MADV_POPULATE_*); decommitting drops the
 * pages (MADV_DONTNEED) and maps them PROT_NONE again.  Linux keeps no
 * reserved/committed state, so each area remembers it per page: the
 * protection bits asked for, plus PAGE_COMMITTED.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <coresrv/vmm/vmm_api.h>

#include "internal.h"

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif

#define PAGE_COMMITTED 0x80u
#define KNOWN_FLAGS (VMM_FLAG_RESERVE | VMM_FLAG_COMMIT | VMM_FLAG_LOCKED | \
		     VMM_FLAG_RWX_MASK | VMM_FLAG_CACHE_MASK |                 \
		     VMM_FLAG_LOW_GUARD | VMM_FLAG_HIGH_GUARD | VMM_FLAG_GROW_DOWN)

struct vm_area {
	struct vm_area *next;
	char *base;		/* first usable page */
	rtl_size_t size;
	rtl_size_t guard_lo, guard_hi;
	unsigned char *pages;	/* per page: VMM_FLAG_RWX bits | PAGE_COMMITTED */
};

static pthread_mutex_t areas_lock = PTHREAD_MUTEX_INITIALIZER;
static struct vm_area *areas;

static rtl_size_t page_size(void)
{
	return (rtl_size_t)sysconf(_SC_PAGESIZE);
}

/* The permitted combinations: R, RW, RX, RWX (and none while reserved). */
static int prot_ok(unsigned int rwx, int allow_none)
{
	switch (rwx) {
	case 0:
		return allow_none;
	case VMM_FLAG_READ:
	case VMM_FLAG_READ | VMM_FLAG_WRITE:
	case VMM_FLAG_READ | VMM_FLAG_EXECUTE:
	case VMM_FLAG_RWX_MASK:
		return 1;
	default:
		return 0;
	}
}

static int to_prot(unsigned char state)
{
	int prot = PROT_NONE;

	if (!(state & PAGE_COMMITTED))
		return PROT_NONE;
	if (state & VMM_FLAG_READ)
		prot |= PROT_READ;
	if (state & VMM_FLAG_WRITE)
		prot |= PROT_WRITE;
	if (state & VMM_FLAG_EXECUTE)
		prot |= PROT_EXEC;
	return prot;
}

static int range_ok(const void *addr, rtl_size_t size)
{
	return addr && size && !((uintptr_t)addr % page_size()) &&
	       !(size % page_size());
}

/* The area holding [addr, addr + size); called with areas_lock held. */
static struct vm_area *find(const void *addr, rtl_size_t size)
{
	struct vm_area *a;

	for (a = areas; a; a = a->next)
		if ((const char *)addr >= a->base &&
		    (const char *)addr + size <= a->base + a->size)
			return a;
	return NULL;
}

/* Make the mapping match the recorded states of pages [first, first + n). */
static Retcode apply(struct vm_area *a, rtl_size_t first, rtl_size_t n)
{
	rtl_size_t ps = page_size(), i = first, end = first + n, j;

	while (i < end) {
		for (j = i + 1; j < end && a->pages[j] == a->pages[i]; j++)
			;
		if (mprotect(a->base + i * ps, (j - i) * ps, to_prot(a->pages[i])))
			return KosLinuxRetcodeFromErrno(errno);
		i = j;
	}
	return rcOk;
}

static void prefault(struct vm_area *a, rtl_size_t first, rtl_size_t n)
{
	rtl_size_t ps = page_size(), i;

	for (i = first; i < first + n; i++) {
		int prot = to_prot(a->pages[i]);

		if (prot & PROT_WRITE)
			madvise(a->base + i * ps, ps, MADV_POPULATE_WRITE);
		else if (prot & PROT_READ)
			madvise(a->base + i * ps, ps, MADV_POPULATE_READ);
	}
}

static int flags_ok(int flags)
{
	unsigned int f = (unsigned int)flags, cache = f & VMM_FLAG_CACHE_MASK;

	if (f & ~KNOWN_FLAGS || !(f & VMM_FLAG_RESERVE))
		return 0;
	if ((f & VMM_FLAG_LOCKED) && !(f & VMM_FLAG_COMMIT))
		return 0;
	if (cache & (cache - 1))	/* at most one caching mode */
		return 0;
	return prot_ok(f & VMM_FLAG_RWX_MASK, 1);
}

static struct vm_area *new_area(void *addr, rtl_size_t size, unsigned int flags)
{
	rtl_size_t ps = page_size(), lo = 0, hi = 0, i;
	int mflags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	struct vm_area *a;
	char *want = NULL, *map;

	if (flags & (VMM_FLAG_LOW_GUARD | VMM_FLAG_GROW_DOWN))
		lo = ps;
	if (flags & VMM_FLAG_HIGH_GUARD)
		hi = ps;
	if (addr) {
		if ((uintptr_t)addr < lo)
			return NULL;
		want = (char *)addr - lo;
		mflags |= MAP_FIXED_NOREPLACE;
	}
	a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->pages = calloc(size / ps, 1);
	map = mmap(want, lo + size + hi, PROT_NONE, mflags, -1, 0);
	if (!a->pages || map == MAP_FAILED || (want && map != want)) {
		if (map != MAP_FAILED)
			munmap(map, lo + size + hi);
		free(a->pages);
		free(a);
		return NULL;
	}
	a->base = map + lo;
	a->size = size;
	a->guard_lo = lo;
	a->guard_hi = hi;
	for (i = 0; i < size / ps; i++)
		a->pages[i] = (flags & VMM_FLAG_RWX_MASK) |
			      (flags & VMM_FLAG_COMMIT ? PAGE_COMMITTED : 0);
	return a;
}

static void free_area(struct vm_area *a)
{
	munmap(a->base - a->guard_lo, a->guard_lo + a->size + a->guard_hi);
	free(a->pages);
	free(a);
}

KOS_EXPORT void *KnVmAllocate(void *addr, rtl_size_t size, int flags)
{
	struct vm_area *a;

	if (!flags_ok(flags) || !size || size % page_size() ||
	    (uintptr_t)addr % page_size()) {
		errno = EINVAL;
		return RTL_NULL;
	}
	a = new_area(addr, size, (unsigned int)flags);
	if (!a)
		return RTL_NULL;
	if (flags & VMM_FLAG_COMMIT) {
		if (apply(a, 0, size / page_size()) != rcOk) {
			free_area(a);
			return RTL_NULL;
		}
		if (flags & VMM_FLAG_LOCKED)
			prefault(a, 0, size / page_size());
	}
	pthread_mutex_lock(&areas_lock);
	a->next = areas;
	areas = a;
	pthread_mutex_unlock(&areas_lock);
	return a->base;
}

enum { DROP_CONTENTS = 1, PREFAULT = 2 };

/*
 * Sets the state of every page of [addr, addr + size) to
 * (state & keep) | set and makes the mapping follow; the range must lie in
 * one area.
 */
static Retcode update_pages(void *addr, rtl_size_t size, unsigned char keep,
			    unsigned char set, int how)
{
	rtl_size_t ps = page_size(), first, i;
	Retcode rc = rcInvalidArgument;
	struct vm_area *a;

	if (!range_ok(addr, size))
		return rcInvalidArgument;
	pthread_mutex_lock(&areas_lock);
	a = find(addr, size);
	if (a) {
		first = (rtl_size_t)((char *)addr - a->base) / ps;
		for (i = first; i < first + size / ps; i++)
			a->pages[i] = (unsigned char)((a->pages[i] & keep) | set);
		if (how & DROP_CONTENTS)
			madvise(addr, size, MADV_DONTNEED);
		rc = apply(a, first, size / ps);
		if (rc == rcOk && (how & PREFAULT))
			prefault(a, first, size / ps);
	}
	pthread_mutex_unlock(&areas_lock);
	return rc;
}

KOS_EXPORT Retcode KnVmCommit(void *addr, rtl_size_t size, int flags)
{
	if ((unsigned int)flags & ~KNOWN_FLAGS)
		return rcInvalidArgument;
	return update_pages(addr, size, 0xff, PAGE_COMMITTED,
			    flags & VMM_FLAG_LOCKED ? PREFAULT : 0);
}

KOS_EXPORT Retcode KnVmDecommit(void *addr, rtl_size_t size)
{
	return update_pages(addr, size, (unsigned char)~PAGE_COMMITTED, 0,
			    DROP_CONTENTS);
}

KOS_EXPORT Retcode KnVmProtect(void *addr, rtl_size_t size, int newFlags)
{
	unsigned int rwx = (unsigned int)newFlags;

	if ((rwx & ~VMM_FLAG_RWX_MASK) || !prot_ok(rwx, 0))
		return rcInvalidArgument;
	return update_pages(addr, size, PAGE_COMMITTED, (unsigned char)rwx, 0);
}

/* Frees a whole area, as returned by KnVmAllocate, with its guard pages. */
KOS_EXPORT Retcode KnVmUnmap(void *addr, rtl_size_t size)
{
	struct vm_area **p, *a = NULL;

	if (!range_ok(addr, size))
		return rcInvalidArgument;
	pthread_mutex_lock(&areas_lock);
	for (p = &areas; *p; p = &(*p)->next) {
		if ((*p)->base == addr && (*p)->size == size) {
			a = *p;
			*p = a->next;
			break;
		}
	}
	pthread_mutex_unlock(&areas_lock);
	if (!a)
		return rcInvalidArgument;
	free_area(a);
	return rcOk;
}
