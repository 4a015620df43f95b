/* SPDX-License-Identifier: GPL-2.0 */
/* PCI devices of the test VM, found through sysfs. */
#ifndef _KOS_PCI_UTIL_H
#define _KOS_PCI_UTIL_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PCI_SYSFS "/sys/bus/pci/devices"
#define PCI_RES_IO 0x100ULL	/* IORESOURCE_IO in the resource file */
#define PCI_RES_MEM 0x200ULL	/* IORESOURCE_MEM */

static inline unsigned int pci_attr(const char *dev, const char *attr)
{
	char path[512];
	unsigned int v = 0;
	FILE *f;

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/%s", dev, attr);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%x", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

static inline int pci_has(const char *dev, const char *entry)
{
	char path[512];

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/%s", dev, entry);
	return access(path, F_OK) == 0;
}

/*
 * The first device (sysfs name into @dev) with @vendor and @device (0: any)
 * whose driver state is @bound (-1: either); 0 if found.
 */
static inline int pci_find(unsigned int vendor, unsigned int device, int bound,
			   char dev[64])
{
	DIR *dir = opendir(PCI_SYSFS);
	struct dirent *d;
	int ret = -1;

	while (dir && ret && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		if (vendor && pci_attr(d->d_name, "vendor") != vendor)
			continue;
		if (device && pci_attr(d->d_name, "device") != device)
			continue;
		if (bound >= 0 && pci_has(d->d_name, "driver") != bound)
			continue;
		snprintf(dev, 64, "%.63s", d->d_name);
		ret = 0;
	}
	if (dir)
		closedir(dir);
	return ret;
}

/* Start and length of the first BAR of @type (PCI_RES_*); 0 if none. */
static inline unsigned long long pci_bar(const char *dev, unsigned long long type,
					 unsigned long long *len)
{
	unsigned long long start, end, flags, found = 0;
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/resource", dev);
	f = fopen(path, "r");
	while (f && !found && fscanf(f, "%llx %llx %llx", &start, &end, &flags) == 3)
		if ((flags & type) && start) {
			found = start;
			*len = end - start + 1;
		}
	if (f)
		fclose(f);
	return found;
}

/* bus << 8 | device << 3 | function of a sysfs name "0000:BB:DD.F". */
static inline unsigned int pci_bdf(const char *dev)
{
	unsigned int seg, bus, slot, fn;

	if (sscanf(dev, "%x:%x:%x.%x", &seg, &bus, &slot, &fn) != 4)
		return 0xffffffffU;
	return bus << 8 | slot << 3 | fn;
}

#endif /* _KOS_PCI_UTIL_H */
