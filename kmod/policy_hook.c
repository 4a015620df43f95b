// SPDX-License-Identifier: GPL-2.0
/*
 * Default security decision until the policy module is built in: allow
 * every message.  The policy module replaces this file.
 */
#include "policy_hook.h"

int kos_policy_check(const struct kos_policy_msg *msg)
{
	return 0;
}
