/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Return codes of the KasperskyOS APIs.
 *
 * A Retcode is a 32-bit signed integer: 0 is success, any other value is an
 * error code made of fields (kos-linux layout, see Documentation/libkos.rst):
 *
 *   bit  30     Customer: set for codes defined by a solution's developers
 *   bits 24..29 Space:    global ID (RC_SPACE_*)
 *   bits 16..23 Facility: local ID within the space (RC_FACILITY_*)
 *   bits  0..15 Code
 *
 * Bit 31 is always 0, so every error code is a positive number.
 */
#ifndef _RTL_RETCODE_H
#define _RTL_RETCODE_H

#ifdef __cplusplus
extern "C" {
#endif

typedef __INT32_TYPE__ Retcode;

#define RC_CUSTOMER_FALSE 0
#define RC_CUSTOMER_TRUE 1

#define RC_SPACE_GENERAL 0
#define RC_SPACE_KERNEL 1
#define RC_SPACE_DRIVERS 2

#define RC_FACILITY_GENERAL 0
#define RC_FACILITY_I2C 1
#define RC_FACILITY_USB 2
#define RC_FACILITY_BLKDEV 3

#define RC_CUSTOMER_SHIFT 30
#define RC_SPACE_SHIFT 24
#define RC_FACILITY_SHIFT 16
#define RC_CUSTOMER_MASK 0x1u
#define RC_SPACE_MASK 0x3fu
#define RC_FACILITY_MASK 0xffu
#define RC_CODE_MASK 0xffffu

/* @desc documents the code; it is not stored in the value. */
#define MAKE_RETCODE(customer, space, facility, code, desc)                   \
	((Retcode)((((unsigned)(customer) & RC_CUSTOMER_MASK) << RC_CUSTOMER_SHIFT) | \
		   (((unsigned)(space) & RC_SPACE_MASK) << RC_SPACE_SHIFT) |   \
		   (((unsigned)(facility) & RC_FACILITY_MASK) << RC_FACILITY_SHIFT) | \
		   ((unsigned)(code) & RC_CODE_MASK)))

#define RC_GET_CUSTOMER(rc) (((unsigned)(rc) >> RC_CUSTOMER_SHIFT) & RC_CUSTOMER_MASK)
#define RC_GET_SPACE(rc) (((unsigned)(rc) >> RC_SPACE_SHIFT) & RC_SPACE_MASK)
#define RC_GET_FACILITY(rc) (((unsigned)(rc) >> RC_FACILITY_SHIFT) & RC_FACILITY_MASK)
#define RC_GET_CODE(rc) ((unsigned)(rc) & RC_CODE_MASK)

#define RC_GENERAL(code, desc)                                                \
	MAKE_RETCODE(RC_CUSTOMER_FALSE, RC_SPACE_GENERAL, RC_FACILITY_GENERAL, code, desc)

/* Generic return codes, in the order of the reference's table. */
#define rcOk 0
#define rcInvalidArgument RC_GENERAL(1, "Invalid function argument")
#define rcNotConnected RC_GENERAL(2, "No connection between client and server")
#define rcOutOfMemory RC_GENERAL(3, "Insufficient memory")
#define rcBufferTooSmall RC_GENERAL(4, "Buffer too small")
#define rcInternalError RC_GENERAL(5, "Internal error related to incorrect logic")
#define rcTransferError RC_GENERAL(6, "Error sending an IPC message")
#define rcReceiveError RC_GENERAL(7, "Error receiving an IPC message")
#define rcSourceFault RC_GENERAL(8, "IPC message not transmitted due to its source")
#define rcTargetFault RC_GENERAL(9, "IPC message not transmitted due to its recipient")
#define rcIpcInterrupt RC_GENERAL(10, "IPC interrupted by another thread")
#define rcRestart RC_GENERAL(11, "The function needs to be called again")
#define rcFail RC_GENERAL(12, "The function ended with an error")
#define rcNoCapability RC_GENERAL(13, "The operation cannot be performed on the resource")
#define rcNotReady RC_GENERAL(14, "Initialization failed")
#define rcUnimplemented RC_GENERAL(15, "The function was not implemented")
#define rcBufferTooLarge RC_GENERAL(16, "Buffer too large")
#define rcBusy RC_GENERAL(17, "Resource temporarily unavailable")
#define rcResourceNotFound RC_GENERAL(18, "Resource not found")
#define rcTimeout RC_GENERAL(19, "Timed out")
#define rcSecurityDisallow RC_GENERAL(20, "Operation denied by security mechanisms")
#define rcFutexWouldBlock RC_GENERAL(21, "The operation will result in a block")
#define rcAbort RC_GENERAL(22, "The operation was aborted")
#define rcInvalidThreadFunction RC_GENERAL(23, "Invalid function called in interrupt handler")
#define rcAlreadyExists RC_GENERAL(24, "Set already contains the element being added")
#define rcInvalidOperation RC_GENERAL(25, "Operation cannot be completed")
#define rcHandleRevoked RC_GENERAL(26, "Resource access rights were revoked")
#define rcQuotaExceeded RC_GENERAL(27, "Resource quota exceeded")
#define rcDeviceNotFound RC_GENERAL(28, "Device not found")

#ifdef __cplusplus
}
#endif

#endif /* _RTL_RETCODE_H */
