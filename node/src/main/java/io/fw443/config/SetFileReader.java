package io.fw443.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a set file: one network per line ({@code 192.0.2.0/24}, {@code 2001:db8::/32}, or a bare
 * address for a single host); {@code #} starts a comment; blank lines are ignored. Bad lines are
 * reported at their own line and column, at most {@value #MAX_REPORTED} per file.
 */
final class SetFileReader {

    /** A file of garbage should not bury the config file's own problems. */
    static final int MAX_REPORTED = 20;
    /** Far above any real blocklist (a full BGP table as text is about 20 MiB). */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private SetFileReader() {
    }

    static List<Cidr> read(Path file, Problems problems) {
        String name = file.toString();
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                problems.inFile(name, 0, 0, "larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB; is this a set file?");
                return List.of();
            }
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            problems.inFile(name, 0, 0, "not UTF-8 text; a set file lists one network per line");
            return List.of();
        } catch (IOException e) {
            problems.inFile(name, 0, 0, "cannot read: " + e.getMessage());
            return List.of();
        }
        List<Cidr> prefixes = new ArrayList<>();
        int bad = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            Parsed<Cidr> cidr = Cidr.parse(content, false);
            String error = !cidr.ok() ? cidr.error()
                    : !cidr.value().isNetwork() ? cidr.value() + " has host bits set; did you mean "
                    + cidr.value().network() + "?" : null;
            if (error == null) {
                prefixes.add(cidr.value());
                continue;
            }
            if (++bad <= MAX_REPORTED) {
                int column = line.indexOf(content.charAt(0)) + 1;
                problems.inFile(name, i + 1, column, error);
            }
        }
        if (bad > MAX_REPORTED) {
            problems.inFile(name, 0, 0, (bad - MAX_REPORTED) + " more bad lines not shown");
        }
        return prefixes;
    }
}
