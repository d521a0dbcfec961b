package io.fw443.vrrp;

import java.util.List;

/**
 * Result of {@link VrrpMachine#next}: the new state, the actions to execute in order, and the reason.
 * A state change always includes exactly one {@link VrrpAction.Notify}, as the last action.
 */
public record VrrpTransition(VrrpGroupState state, List<VrrpAction> actions, VrrpReason reason) {
    public VrrpTransition {
        actions = List.copyOf(actions);
    }
}
