package io.fw443.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a CIDR set from a text file: one prefix per line, blank lines ignored, comments from
 * {@code #} or {@code ;} to the end of the line (the latter for lists in the Spamhaus DROP format).
 * Leading and trailing blanks and CR are ignored. A bad line is reported with its number and skipped;
 * the caller decides whether a partial set is acceptable.
 *
 * <p>The file is streamed through a fixed buffer and parsed byte by byte, so a million-line file loads
 * in well under the two seconds the issue allows and takes no memory beyond the primitive arrays.
 */
public final class CidrSetLoader {
    /** At most this many {@link LineError}s are kept; {@link LoadResult#errorCount()} counts them all. */
    public static final int MAX_REPORTED_ERRORS = 100;
    /** Longest accepted line, comment included. */
    public static final int MAX_LINE_BYTES = 4096;
    private static final int BUFFER_BYTES = 256 * 1024;
    private static final int EXCERPT_CHARS = 80;

    /** One refused line: its 1-based number, the reason, and the start of its text. */
    public record LineError(long line, ParseStatus reason, String text) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason + " '" + text + "'";
        }
    }

    /**
     * What a load produced: the set of every valid line, the first {@link #MAX_REPORTED_ERRORS} errors,
     * the number of all errors and of accepted prefixes.
     */
    public record LoadResult(CidrSet set, List<LineError> errors, long errorCount, long prefixCount) {
        public LoadResult {
            errors = List.copyOf(errors);
        }

        /** True when no line was refused. */
        public boolean clean() {
            return errorCount == 0;
        }
    }

    private CidrSetLoader() {
    }

    /** Loads a set file. */
    public static LoadResult load(final Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in);
        }
    }

    /** Loads set text from a stream, which is read to its end but not closed. */
    public static LoadResult load(final InputStream in) throws IOException {
        final Session session = new Session();
        final byte[] buf = new byte[BUFFER_BYTES];
        int filled = 0;
        int scanFrom = 0;
        boolean skippingLongLine = false;
        while (true) {
            final int n = in.read(buf, filled, buf.length - filled);
            final boolean eof = n < 0;
            if (!eof) {
                filled += n;
            }
            int lineStart = 0;
            for (int i = scanFrom; i < filled; i++) {
                if (buf[i] == '\n') {
                    if (skippingLongLine) {
                        skippingLongLine = false;
                    } else {
                        session.line(buf, lineStart, i);
                    }
                    session.lineNumber++;
                    lineStart = i + 1;
                }
            }
            if (eof) {
                if (lineStart < filled && !skippingLongLine) {
                    session.line(buf, lineStart, filled);
                }
                return session.result();
            }
            final int pending = filled - lineStart;
            if (pending > MAX_LINE_BYTES) {
                if (!skippingLongLine) {
                    session.error(ParseStatus.LINE_TOO_LONG, buf, lineStart, lineStart + EXCERPT_CHARS);
                    skippingLongLine = true;
                }
                filled = 0;
            } else {
                System.arraycopy(buf, lineStart, buf, 0, pending);
                filled = pending;
            }
            scanFrom = filled;
        }
    }

    /** The state of one load: builder, parser, line counter and errors. */
    private static final class Session {
        private final CidrSet.Builder builder = CidrSet.builder();
        private final CidrParser parser = new CidrParser();
        private final List<LineError> errors = new ArrayList<>();
        private long errorCount;
        private long accepted;
        private long lineNumber = 1;

        void line(final byte[] b, final int from, final int to) {
            if (to - from > MAX_LINE_BYTES) {
                error(ParseStatus.LINE_TOO_LONG, b, from, to);
                return;
            }
            int end = from;
            while (end < to && b[end] != '#' && b[end] != ';') {
                end++;
            }
            int start = from;
            while (start < end && isBlank(b[start])) {
                start++;
            }
            while (end > start && isBlank(b[end - 1])) {
                end--;
            }
            if (start == end) {
                return;
            }
            int tokenEnd = start;
            while (tokenEnd < end && !isBlank(b[tokenEnd])) {
                tokenEnd++;
            }
            if (tokenEnd != end) {
                error(ParseStatus.TRAILING_TEXT, b, start, end);
                return;
            }
            final ParseStatus status = builder.addParsed(parser, b, start, end);
            if (status == ParseStatus.OK) {
                accepted++;
            } else {
                error(status, b, start, end);
            }
        }

        void error(final ParseStatus reason, final byte[] b, final int from, final int to) {
            errorCount++;
            if (errors.size() < MAX_REPORTED_ERRORS) {
                final int length = Math.min(Math.min(to, b.length) - from, EXCERPT_CHARS);
                errors.add(new LineError(lineNumber, reason, new String(b, from, length, StandardCharsets.ISO_8859_1)));
            }
        }

        LoadResult result() {
            return new LoadResult(builder.build(), errors, errorCount, accepted);
        }

        private static boolean isBlank(final byte c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B;
        }
    }
}
