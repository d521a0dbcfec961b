package io.fw443.vrrp;

/**
 * Told about every state change of a group, on the election thread, in order. An implementation must return at
 * once (hand real work to a thread of its own, as {@link NotifyHook} does): the election waits for it.
 */
@FunctionalInterface
public interface TransitionListener {
    void onTransition(int vrid, VrrpState from, VrrpState to, VrrpReason reason);
}
