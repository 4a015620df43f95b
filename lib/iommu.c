// SPDX-License-Identifier: LGPL-2.1-or-later
/* IOMMU domains (coresrv/iommu/iommu_api.h); the kernel side is kmod/iommu.c. */
#include <linux/kos.h>

#include <coresrv/iommu/iommu_api.h>

#include "internal.h"
#include "syscall.h"

static Retcode iommu_op(unsigned long cmd, rtl_uint16_t bdf)
{
	struct kos_iommu_device c = { .size = sizeof(c), .bdf = bdf };

	return kos_rc(kos_sys_ioctl(cmd, &c));
}

KOS_EXPORT Retcode KnIommuAttachDevice(rtl_uint16_t bdf)
{
	return iommu_op(KOS_IOMMU_ATTACH, bdf);
}

KOS_EXPORT Retcode KnIommuDetachDevice(rtl_uint16_t bdf)
{
	return iommu_op(KOS_IOMMU_DETACH, bdf);
}
