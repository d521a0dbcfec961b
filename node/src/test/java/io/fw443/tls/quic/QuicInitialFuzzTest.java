package io.fw443.tls.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the Initial path (header parse, key derivation, header/packet protection removal,
 * frame parsing, reassembly). Any exception escaping the inspector fails. In normal test runs Jazzer replays the
 * seeds in {@code QuicInitialFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration}.
 */
class QuicInitialFuzzTest
{
    private static final byte[] DCID = { (byte)0x83, (byte)0x94, (byte)0xc8, (byte)0xf0, 0x3e, 0x51, 0x57, 0x08 };
    private static final int MAX_PAYLOAD_BYTES = 2400;

    private final QuicInspector inspector = new QuicInspector();
    private final QuicInitialFlow flow = new QuicInitialFlow();
    private final QuicInitialKeys[] keys = {
        QuicInitialProtector.clientKeys(QuicVersion.V1, DCID), QuicInitialProtector.clientKeys(QuicVersion.V2, DCID) };

    /** Raw datagrams: mutations of real packets mostly stop at the header or the AEAD tag. */
    @FuzzTest(maxDuration = "20s")
    void fuzzDatagram(final byte[] datagram)
    {
        flow.reset();
        final QuicStatus status = inspector.offer(flow, datagram, 0, datagram.length);
        checkInvariants(status);
    }

    /**
     * Fuzzer-chosen plaintext, protected as one or two valid Initial packets so the frame parser and reassembler
     * see arbitrary frames. Byte 0: bit 0 version (v1/v2), bits 1-2 packet number length - 1, bit 3 offer the second
     * packet first; byte 1: where the rest is split between the two packets.
     */
    @FuzzTest(maxDuration = "20s")
    void fuzzProtectedPayload(final byte[] input)
    {
        if (input.length < 3)
        {
            return;
        }
        final int flags = input[0] & 0xff;
        final QuicVersion version = (flags & 1) == 0 ? QuicVersion.V1 : QuicVersion.V2;
        final int pnLength = ((flags >>> 1) & 3) + 1;
        final byte[] payload = Arrays.copyOfRange(input, 2, Math.min(input.length, 2 + MAX_PAYLOAD_BYTES));
        final int split = payload.length * (input[1] & 0xff) / 255;
        final byte[] first = protect(version, pnLength, 0, Arrays.copyOfRange(payload, 0, split));
        final byte[] second = protect(version, pnLength, 1, Arrays.copyOfRange(payload, split, payload.length));

        flow.reset();
        final boolean swap = (flags & 8) != 0;
        checkInvariants(inspector.offer(flow, swap ? second : first, 0, (swap ? second : first).length));
        checkInvariants(inspector.offer(flow, swap ? first : second, 0, (swap ? first : second).length));
    }

    private byte[] protect(final QuicVersion version, final int pnLength, final long pn, final byte[] payload)
    {
        // A sender pads so the header protection sample exists: pn + payload >= 4 bytes (RFC 9001 §5.4.2).
        final byte[] padded = Arrays.copyOf(payload, Math.max(payload.length, 4 - pnLength + 1));
        final byte[] packet = QuicInitialProtector.protect(version, keys[version.ordinal()], DCID, new byte[0],
            new byte[0], pn, pnLength, padded);
        // Zero bytes after the packet bring the datagram to the 1200-byte minimum; receivers ignore them.
        return Arrays.copyOf(packet, Math.max(packet.length, QuicInspector.MIN_INITIAL_DATAGRAM_BYTES));
    }

    private void checkInvariants(final QuicStatus status)
    {
        assertNotNull(status);
        assertNotNull(inspector.lastReason());
        if (status == QuicStatus.COMPLETE)
        {
            assertEquals(1, flow.helloBuffer()[0]);
            assertTrue(flow.helloLength() >= 4 && flow.helloLength() <= CryptoFrameReassembler.DEFAULT_CAPACITY_BYTES);
        }
    }
}
