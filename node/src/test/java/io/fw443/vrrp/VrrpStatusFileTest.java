package io.fw443.vrrp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VrrpStatusFileTest {
    @TempDir
    Path dir;

    @Test
    void holdsTheLatestStateOfEveryGroup() throws Exception {
        Path file = dir.resolve("status");
        try (VrrpStatusFile status = new VrrpStatusFile(file, List.of(52, 51))) {
            assertEquals(Map.of(51, VrrpState.INITIALIZE, 52, VrrpState.INITIALIZE), VrrpStatusFile.read(file));
            status.onTransition(51, VrrpState.INITIALIZE, VrrpState.BACKUP, VrrpReason.STARTUP);
            status.onTransition(51, VrrpState.BACKUP, VrrpState.MASTER, VrrpReason.MASTER_DOWN_TIMER);
            status.onTransition(52, VrrpState.INITIALIZE, VrrpState.BACKUP, VrrpReason.STARTUP);
            await().atMost(Duration.ofSeconds(5)).until(() -> VrrpStatusFile.read(file)
                    .equals(Map.of(51, VrrpState.MASTER, 52, VrrpState.BACKUP)));
        }
        assertEquals(List.of("51 MASTER", "52 BACKUP"), java.nio.file.Files.readAllLines(file));
    }
}
