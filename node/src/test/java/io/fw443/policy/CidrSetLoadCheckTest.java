package io.fw443.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.policy.CidrSetLoader.LoadResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the measurement harness working at a small size; it asserts what it loads, never a timing. */
class CidrSetLoadCheckTest {

    @Test
    void harnessWritesAFileThatLoadsCleanly(@TempDir final Path dir) throws IOException {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final LoadResult r = CidrSetLoadCheck.run(dir, 20_000, 10_000, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertTrue(r.clean(), () -> r.errors().toString());
        assertEquals(20_000, r.prefixCount());
        assertTrue(r.set().rangeCountV6() > 1_000);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("load (warm, best of 3)"));
    }
}
