// SPDX-License-Identifier: GPL-2.0
/*
 * Objects: what handles point to.  User objects and badges carry only the
 * context user space gave them; kernel objects (channels, notices, DMA,
 * I/O, interrupts) carry their type's operations and private data, so the
 * handle core calls a provider without knowing it.
 */
#include <linux/kos.h>
#include <linux/slab.h>

#include "object.h"
#include "objstat.h"

struct kos_object *kos_object_alloc(u32 type, u64 context)
{
	struct kos_object *obj = kzalloc(sizeof(*obj), GFP_KERNEL_ACCOUNT);

	if (!obj)
		return NULL;
	kref_init(&obj->ref);
	mutex_init(&obj->tree_lock);
	obj->type = type;
	obj->context = context;
	kos_watchers_init(&obj->watchers);
	kos_objstat_inc(KOS_OBJ_OBJECT);
	return obj;
}

/*
 * A kernel object of @ops's type backed by @priv, or NULL with @priv
 * released by @ops->release: @priv belongs to the object from here on.
 * Its user-visible context stays 0: what IPC hands back as a badge must
 * never be a kernel address.
 */
struct kos_object *kos_kobject_alloc(const struct kos_object_ops *ops,
				     void *priv)
{
	struct kos_object *obj = kos_object_alloc(ops->type, 0);

	if (!obj) {
		ops->release(priv);
		return NULL;
	}
	obj->ops = ops;
	obj->priv = priv;
	return obj;
}

/* The root handle is closed: fire and unlink watchers, fail waiters. */
void kos_object_destroyed(struct kos_object *obj)
{
	/*
	 * Order the cleared root before the signal's look at the watchers: a
	 * watcher added meanwhile is either fired or sees the object dead
	 * (its adder checks after kos_watch_add(), which ends in a barrier).
	 */
	smp_mb();
	kos_event_signal(&obj->watchers, KOS_EVENT_OBJECT_DESTROYED);
	kos_event_unwatch_all(&obj->watchers);
	if (obj->ops && obj->ops->destroyed)
		obj->ops->destroyed(obj->priv);
}

static void object_release(struct kref *ref)
{
	struct kos_object *obj = container_of(ref, struct kos_object, ref);

	kos_event_unwatch_all(&obj->watchers);
	if (obj->ops)
		obj->ops->release(obj->priv);
	mutex_destroy(&obj->tree_lock);
	kfree_rcu(obj, rcu);
	kos_objstat_dec(KOS_OBJ_OBJECT);
}

void kos_object_put(struct kos_object *obj)
{
	kref_put(&obj->ref, object_release);
}
