package io.fw443.sync;

import java.util.Collection;
import java.util.function.Consumer;
import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.stack.Protocol;

/**
 * A listening post placed directly above FD_SOCK2 in the stack: it hears FD_SOCK2's suspicions and nothing else.
 * FD_SOCK2 suspects a member when its socket to that member closes, which is what a crashed process looks like
 * (the kernel resets its connections) and not what a cut cable or a partition looks like (those go silent and only
 * FD_ALL3, above this protocol, notices). So a suspicion heard here usually means "that process died", at once,
 * before VERIFY_SUSPECT2 and the view change; not always (a stale socket closing after a partition heals looks the
 * same), which is why {@link JGroupsTransport#onPeerCrash} confirms each one with a {@link ProcessDeathProbe} before
 * a VRRP backup ends its wait on it. Everything passes through unchanged.
 */
public final class CrashSuspicions extends Protocol {
    private volatile Consumer<Collection<Address>> listener = a -> { };

    /** Called on a JGroups thread with the suspected members; must return quickly. */
    void listener(Consumer<Collection<Address>> listener) {
        this.listener = listener;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object up(Event evt) {
        if (evt.getType() == Event.SUSPECT && evt.getArg() instanceof Collection<?> suspects) {
            try {
                listener.accept((Collection<Address>) suspects);
            } catch (RuntimeException e) {
                log.warn("crash listener failed: %s", e.toString());
            }
        }
        return up_prot.up(evt);
    }
}
