package io.fw443.vrrp;

import java.util.List;
import java.util.stream.Collectors;

/** A compact spelling of action lists, so tables can state them by hand. */
final class Actions {
    private Actions() {
    }

    static String spell(List<VrrpAction> actions) {
        return actions.stream().map(Actions::spell).collect(Collectors.joining(" "));
    }

    static String spell(VrrpAction action) {
        if (action instanceof VrrpAction.SendAdvert a) {
            return "advert:" + a.priority();
        }
        if (action instanceof VrrpAction.TakeVips t) {
            return t.acceptVipTraffic() ? "take:accept" : "take";
        }
        if (action instanceof VrrpAction.SendGratuitous g) {
            return "garp:" + g.count();
        }
        if (action instanceof VrrpAction.ReleaseVips) {
            return "release";
        }
        if (action instanceof VrrpAction.Notify n) {
            return "notify:" + n.from() + ">" + n.to();
        }
        if (action instanceof VrrpAction.DualMasterSeen d) {
            return d.yielded() ? "dual:yield" : "dual:assert";
        }
        throw new AssertionError("unknown action " + action);
    }
}
