package io.fw443.mgmt;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fw443.vrrp.VrrpState;
import java.util.List;
import java.util.Objects;

/** {@code GET /vrrp}: this node's virtual routers. */
public record VrrpView(List<Group> groups) {
    public VrrpView {
        groups = List.copyOf(groups);
    }

    /**
     * One VRRP group (virtual router).
     *
     * @param id                the VRID, 1..255 (RFC 5798 §5.2.3)
     * @param interfaceName     the configured interface name (JSON {@code interface})
     * @param priority          the configured priority
     * @param effectivePriority the priority after tracking demotions (CARP's demotion counter)
     * @param master            node id of the current master if known, else its address; null when none is known
     * @param vips              the virtual addresses, {@code address/prefix}
     */
    public record Group(int id, @JsonProperty("interface") String interfaceName, VrrpState state, int priority,
            int effectivePriority, String master, List<String> vips) {
        public Group {
            Objects.requireNonNull(state, "state");
            vips = List.copyOf(vips);
        }
    }
}
