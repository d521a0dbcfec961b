package io.fw443.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Fw443Test {
    @Test
    void versionPrintsTheBuildVersionAndExitsZero() {
        CliRunner r = CliRunner.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("fw443 "), r.out());
        assertFalse(r.out().contains("${"), "version must be filtered at build time: " + r.out());
    }

    @Test
    void helpListsTheCommandsAndExitsZero() {
        CliRunner r = CliRunner.run("--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("Commands:"), r.out());
        assertTrue(r.out().contains("Exit codes:"), r.out());
    }

    @Test
    void unknownCommandIsAUsageErrorWithExitTwo() {
        CliRunner r = CliRunner.run("frobnicate");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Unmatched argument"), r.err());
    }

    @Test
    void noCommandIsAUsageError() {
        CliRunner r = CliRunner.run();
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("missing command"), r.err());
    }
}
