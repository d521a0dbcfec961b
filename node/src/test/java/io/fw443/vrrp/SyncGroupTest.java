package io.fw443.vrrp;

import static io.fw443.vrrp.VrrpState.BACKUP;
import static io.fw443.vrrp.VrrpState.INITIALIZE;
import static io.fw443.vrrp.VrrpState.MASTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fw443.vrrp.SyncGroup.Directive;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncGroupTest {

    private final SyncGroup gateway = new SyncGroup("gateway", Set.of(51, 52, 53));

    @Test
    void leavingMasterStepsDownTheSiblingsThatAreMaster() {
        List<Directive> d = gateway.follow(51, MASTER, BACKUP, Map.of(51, BACKUP, 52, MASTER, 53, BACKUP));
        assertEquals(List.of(new Directive(52, new VrrpEvent.SyncGroupStepDown(51))), d);
    }

    @Test
    void shuttingDownAMasterStepsDownTheSiblingsToo() {
        List<Directive> d = gateway.follow(52, MASTER, INITIALIZE, Map.of(51, MASTER, 52, INITIALIZE, 53, MASTER));
        assertEquals(List.of(new Directive(51, new VrrpEvent.SyncGroupStepDown(52)),
            new Directive(53, new VrrpEvent.SyncGroupStepDown(52))), d);
    }

    @Test
    void becomingMasterReleasesTheBackupSiblings() {
        List<Directive> d = gateway.follow(53, BACKUP, MASTER, Map.of(51, BACKUP, 52, MASTER, 53, MASTER));
        assertEquals(List.of(new Directive(51, new VrrpEvent.SyncGroupRelease(53))), d);
    }

    @Test
    void startupAndOutsidersMoveNobody() {
        assertEquals(List.of(), gateway.follow(51, INITIALIZE, BACKUP, Map.of(51, BACKUP, 52, MASTER, 53, MASTER)));
        assertEquals(List.of(), gateway.follow(99, MASTER, BACKUP, Map.of(51, MASTER, 52, MASTER, 53, MASTER)));
        assertEquals(List.of(), gateway.follow(51, BACKUP, INITIALIZE, Map.of(51, INITIALIZE, 52, MASTER)));
    }

    @Test
    void aSyncGroupNeedsTwoMembers() {
        assertThrows(IllegalArgumentException.class, () -> new SyncGroup("alone", Set.of(51)));
    }
}
