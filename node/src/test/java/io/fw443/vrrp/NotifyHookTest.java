package io.fw443.vrrp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook runs the script with the transition, in order, off the election thread, and within its timeout. */
class NotifyHookTest {
    @TempDir
    Path dir;

    private Path script(String body) throws IOException {
        Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void theScriptGetsGroupOldAndNewStateAndReasonInTransitionOrder() throws IOException {
        Path log = dir.resolve("calls");
        try (NotifyHook hook = new NotifyHook(script("echo \"$1 $2 $3 $4 $FW443_VRID/$FW443_TO\" >> " + log),
                Duration.ofSeconds(5))) {
            hook.onTransition(51, VrrpState.INITIALIZE, VrrpState.BACKUP, VrrpReason.STARTUP);
            hook.onTransition(51, VrrpState.BACKUP, VrrpState.MASTER, VrrpReason.MASTER_DOWN_TIMER);
            hook.onTransition(52, VrrpState.MASTER, VrrpState.BACKUP, VrrpReason.SYNC_GROUP_STEP_DOWN);
            await().atMost(Duration.ofSeconds(10)).until(() -> hook.succeeded() == 3);
        }
        assertEquals(List.of(
                "51 INITIALIZE BACKUP STARTUP 51/BACKUP",
                "51 BACKUP MASTER MASTER_DOWN_TIMER 51/MASTER",
                "52 MASTER BACKUP SYNC_GROUP_STEP_DOWN 52/BACKUP"), Files.readAllLines(log));
    }

    @Test
    void aSlowScriptNeitherBlocksTheCallerNorOutlivesItsTimeout() throws IOException {
        Path log = dir.resolve("calls");
        try (NotifyHook hook = new NotifyHook(script("[ \"$1\" = 51 ] && exec sleep 30\necho \"$1\" >> " + log),
                Duration.ofMillis(300))) {
            hook.onTransition(51, VrrpState.BACKUP, VrrpState.MASTER, VrrpReason.MASTER_DOWN_TIMER);
            // Had the call waited for the script, the timeout would already have been counted.
            assertEquals(0, hook.timedOut());
            hook.onTransition(52, VrrpState.BACKUP, VrrpState.MASTER, VrrpReason.MASTER_DOWN_TIMER);
            await().atMost(Duration.ofSeconds(10)).until(() -> hook.succeeded() == 1);
            assertEquals(1, hook.timedOut(), "the sleeping script was killed");
        }
        assertEquals(List.of("52"), Files.readAllLines(log), "the next hook ran after the killed one");
    }

    @Test
    void aFailingOrMissingScriptIsCounted() throws IOException {
        try (NotifyHook failing = new NotifyHook(script("exit 3"), Duration.ofSeconds(5));
             NotifyHook missing = new NotifyHook(dir.resolve("absent.sh"), Duration.ofSeconds(5))) {
            failing.onTransition(51, VrrpState.BACKUP, VrrpState.MASTER, VrrpReason.MASTER_DOWN_TIMER);
            missing.onTransition(51, VrrpState.BACKUP, VrrpState.MASTER, VrrpReason.MASTER_DOWN_TIMER);
            await().atMost(Duration.ofSeconds(10)).until(() -> failing.failed() == 1 && missing.failed() == 1);
            assertEquals(0, failing.succeeded());
        }
    }
}
