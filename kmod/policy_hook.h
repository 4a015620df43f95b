/* kmod/policy_hook.h */
enum kos_policy_kind { KOS_POLICY_REQUEST = 1, KOS_POLICY_RESPONSE = 2, KOS_POLICY_ERROR = 3 };
struct kos_policy_msg {
	u32 kind;            /* enum kos_policy_kind */
	u32 endpoint;        /* SMsgHdr endpoint id (riid) */
	u32 method;          /* SMsgHdr method id (mid) */
	u32 size;            /* whole message size in bytes */
	u32 nhandles;        /* handles carried */
	const struct kos_context *src;  /* sender */
	const struct kos_context *dst;  /* receiver */
};
/* 0: deliver; -EACCES: deny.  Called without IPC locks held, may sleep. */
int kos_policy_check(const struct kos_policy_msg *msg);
