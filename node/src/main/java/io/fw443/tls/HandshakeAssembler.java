package io.fw443.tls;

import static io.fw443.tls.TlsWire.CONTENT_ALERT;
import static io.fw443.tls.TlsWire.CONTENT_HANDSHAKE;
import static io.fw443.tls.TlsWire.HANDSHAKE_HEADER_BYTES;
import static io.fw443.tls.TlsWire.MAX_RECORD_FRAGMENT_BYTES;
import static io.fw443.tls.TlsWire.RECORD_HEADER_BYTES;
import static io.fw443.tls.TlsWire.RECORD_VERSION_MAJOR;
import static io.fw443.tls.TlsWire.u16;
import static io.fw443.tls.TlsWire.u24;
import static io.fw443.tls.TlsWire.u8;

/**
 * Locates the first handshake message of a flight, over TLS records or over raw handshake bytes.
 * A message that one record holds is used in place; one split over several records (allowed by
 * RFC 8446 §5.1) is gathered into a scratch buffer sized to the bound, so no input is ever mutated.
 *
 * <p>On {@link TlsParseStatus#NEED_MORE}, {@link #neededBytes} is a lower bound of the input length
 * at which another attempt can make progress; callers skip re-parsing until then and compare it to
 * their own bound to answer {@link TlsParseStatus#TOO_LARGE} early. One instance per thread.
 */
final class HandshakeAssembler {
    private final byte[] scratch;

    /** Where the complete message (header included) lies after {@link TlsParseStatus#COMPLETE}. */
    byte[] messageBuffer;
    int messageOffset;
    int messageLength;
    /** Lower bound of the input length needed for progress (meaningful on NEED_MORE / TOO_LARGE). */
    int neededBytes;
    /** Input bytes up to the end of the message (meaningful on COMPLETE). */
    int consumedBytes;
    TlsReason reason = TlsReason.NONE;

    HandshakeAssembler(int maxMessageBytes) {
        if (maxMessageBytes < 64) {
            throw new IllegalArgumentException("maxMessageBytes too small: " + maxMessageBytes);
        }
        this.scratch = new byte[maxMessageBytes];
    }

    int maxMessageBytes() {
        return scratch.length;
    }

    TlsParseStatus fromHandshake(byte[] buf, int off, int len, int expectedType) {
        reset();
        if (len < 1) {
            return needMore(HANDSHAKE_HEADER_BYTES);
        }
        if (u8(buf, off) != expectedType) {
            return malformed(TlsReason.UNEXPECTED_HANDSHAKE_TYPE);
        }
        if (len < HANDSHAKE_HEADER_BYTES) {
            return needMore(HANDSHAKE_HEADER_BYTES);
        }
        int total = HANDSHAKE_HEADER_BYTES + u24(buf, off + 1);
        if (total > scratch.length) {
            neededBytes = total;
            return TlsParseStatus.TOO_LARGE;
        }
        if (len < total) {
            return needMore(total);
        }
        return complete(buf, off, total, total);
    }

    TlsParseStatus fromRecords(byte[] buf, int off, int len, int expectedType) {
        reset();
        final int end = off + len;
        int pos = off;
        int have = 0;
        int total = -1;
        boolean first = true;
        while (true) {
            int left = end - pos;
            // Judge the header bytes already present, so a non-TLS first flight is told after one byte.
            if (left >= 1 && u8(buf, pos) != CONTENT_HANDSHAKE) {
                if (u8(buf, pos) == CONTENT_ALERT) {
                    return malformed(TlsReason.ALERT);
                }
                return first ? TlsParseStatus.NOT_TLS : malformed(TlsReason.UNEXPECTED_RECORD_TYPE);
            }
            if (left >= 2 && u8(buf, pos + 1) != RECORD_VERSION_MAJOR) {
                return first ? TlsParseStatus.NOT_TLS : malformed(TlsReason.BAD_RECORD_VERSION);
            }
            int remaining = total < 0 ? HANDSHAKE_HEADER_BYTES - have : total - have;
            if (left < RECORD_HEADER_BYTES) {
                return needMore(pos - off + RECORD_HEADER_BYTES + remaining);
            }
            int recordLength = u16(buf, pos + 3);
            if (recordLength == 0) {
                return malformed(TlsReason.EMPTY_RECORD);
            }
            if (recordLength > MAX_RECORD_FRAGMENT_BYTES) {
                return malformed(TlsReason.RECORD_OVERFLOW);
            }
            int fragmentStart = pos + RECORD_HEADER_BYTES;
            int available = Math.min(recordLength, end - fragmentStart);
            if (first && available >= 1 && u8(buf, fragmentStart) != expectedType) {
                return malformed(TlsReason.UNEXPECTED_HANDSHAKE_TYPE);
            }
            if (first && available >= HANDSHAKE_HEADER_BYTES) {
                int whole = HANDSHAKE_HEADER_BYTES + u24(buf, fragmentStart + 1);
                if (whole > scratch.length) {
                    neededBytes = fragmentStart - off + whole;
                    return TlsParseStatus.TOO_LARGE;
                }
                if (whole <= recordLength) {
                    // Common case: one record holds the whole message; read it in place.
                    if (available >= whole) {
                        return complete(buf, fragmentStart, whole, fragmentStart - off + whole);
                    }
                    return needMore(fragmentStart - off + whole);
                }
            }
            int i = fragmentStart;
            int fragmentEnd = fragmentStart + available;
            while (true) {
                if (total >= 0 && have == total) {
                    return complete(scratch, 0, total, i - off);
                }
                if (i == fragmentEnd) {
                    break;
                }
                int take = Math.min(fragmentEnd - i, total < 0 ? HANDSHAKE_HEADER_BYTES - have : total - have);
                System.arraycopy(buf, i, scratch, have, take);
                have += take;
                i += take;
                if (total < 0 && have == HANDSHAKE_HEADER_BYTES) {
                    total = HANDSHAKE_HEADER_BYTES + u24(scratch, 1);
                    if (total > scratch.length) {
                        neededBytes = i - off + total - have;
                        return TlsParseStatus.TOO_LARGE;
                    }
                }
            }
            if (available < recordLength) {
                int rest = total < 0 ? HANDSHAKE_HEADER_BYTES - have : total - have;
                int inRecord = recordLength - available;
                return needMore(rest <= inRecord
                        ? fragmentEnd - off + rest
                        : fragmentStart + recordLength - off + RECORD_HEADER_BYTES + rest - inRecord);
            }
            pos = fragmentStart + recordLength;
            first = false;
        }
    }

    private void reset() {
        messageBuffer = null;
        messageOffset = 0;
        messageLength = 0;
        neededBytes = 0;
        consumedBytes = 0;
        reason = TlsReason.NONE;
    }

    private TlsParseStatus needMore(int needed) {
        neededBytes = needed;
        return TlsParseStatus.NEED_MORE;
    }

    private TlsParseStatus malformed(TlsReason why) {
        reason = why;
        return TlsParseStatus.MALFORMED;
    }

    private TlsParseStatus complete(byte[] b, int offset, int length, int consumed) {
        messageBuffer = b;
        messageOffset = offset;
        messageLength = length;
        consumedBytes = consumed;
        return TlsParseStatus.COMPLETE;
    }
}
