package io.fw443.mgmt;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /flows}: one page of matching flows.
 *
 * @param nextCursor pass as {@code cursor} to get the next page; null (present in JSON) on the last page
 */
public record FlowsPage(List<FlowView> flows, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {
    public FlowsPage {
        flows = List.copyOf(flows);
    }
}
