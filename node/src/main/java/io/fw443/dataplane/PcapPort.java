package io.fw443.dataplane;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import sun.misc.Unsafe;

/**
 * One data interface: a pcap handle opened for a forwarder (immediate mode so latency is not the block timeout,
 * a ring large enough for bursts, inbound only so injected frames never come back, promiscuous for VIP MACs), read
 * and written without allocation. One thread polls; {@link #wakeUp()} from any thread unblocks it, because with
 * libpcap 1.10 a read timeout never returns on an idle link (STACK-NOTES §1 pitfall 1).
 */
public final class PcapPort implements AutoCloseable {
    /** Frame buffer size: the MTU plus Ethernet and two VLAN tags, rounded up. */
    public static final int MAX_FRAME = 9216;

    private static final Unsafe UNSAFE;
    private static final long BYTE_ARRAY_OFFSET;

    static {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            UNSAFE = (Unsafe) f.get(null);
            BYTE_ARRAY_OFFSET = UNSAFE.arrayBaseOffset(byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Settings of a port; {@code bpf} may be null for every frame. */
    public record Options(String device, int snaplen, int bufferBytes, String bpf) {
        public static Options forwarder(String device) {
            return new Options(device, MAX_FRAME, 32 << 20, null);
        }
    }

    /**
     * A native copy of each frame to send, one per sending thread (a port is written by its own worker, the other
     * ports' workers and the announcer): only {@code length} bytes cross into native memory per frame.
     */
    private static final ThreadLocal<Memory> SEND_BUFFER = ThreadLocal.withInitial(() -> new Memory(MAX_FRAME));

    private final String device;
    private final PcapHandle handle;
    private final long pcap;
    private final byte[] frame;
    /** pcap_next_ex's two out-parameters (header pointer, data pointer), in native memory read by the poll thread. */
    private final Memory nextOut = new Memory(2L * Long.BYTES);
    private final long headerSlot = Pointer.nativeValue(nextOut);
    private final long dataSlot = headerSlot + Long.BYTES;
    private long received;
    private long truncated;
    private long sendErrors;

    private PcapPort(String device, PcapHandle handle, int snaplen) {
        this.device = device;
        this.handle = handle;
        this.pcap = Pointer.nativeValue(rawHandle(handle));
        this.frame = new byte[snaplen];
    }

    /** Opens the device in the calling thread's network namespace. */
    public static PcapPort open(Options o) throws PcapNativeException, NotOpenException {
        PcapHandle h = new PcapHandle.Builder(o.device())
                .snaplen(o.snaplen())
                .promiscuousMode(PcapNetworkInterface.PromiscuousMode.PROMISCUOUS)
                .timeoutMillis(100)
                .immediateMode(true)
                .bufferSize(o.bufferBytes())
                .direction(PcapHandle.PcapDirection.IN)
                .build();
        try {
            if (o.bpf() != null) {
                h.setFilter(o.bpf(), BpfProgram.BpfCompileMode.OPTIMIZE);
            }
            return new PcapPort(o.device(), h, o.snaplen());
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    public String device() {
        return device;
    }

    /**
     * Waits for frames and hands each to {@code handler}; returns after {@code maxFrames} frames, or with fewer when
     * woken up or on an error (-1). Blocks while the link is idle.
     */
    public int poll(FrameHandler handler, int maxFrames, LongClock clock) {
        int n = 0;
        while (n < maxFrames) {
            int rc = LibPcap.pcap_next_ex(pcap, headerSlot, dataSlot);
            if (rc == LibPcap.NEXT_PACKET) {
                long header = UNSAFE.getLong(headerSlot);
                int caplen = UNSAFE.getInt(header + LibPcap.PKTHDR_CAPLEN_OFFSET);
                int wireLen = UNSAFE.getInt(header + LibPcap.PKTHDR_LEN_OFFSET);
                int len = Math.min(caplen, frame.length);
                if (len < wireLen) {
                    truncated++;
                }
                UNSAFE.copyMemory(null, UNSAFE.getLong(dataSlot), frame, BYTE_ARRAY_OFFSET, len);
                received++;
                n++;
                handler.onFrame(frame, 0, len, clock.nowNs());
            } else if (rc == LibPcap.NEXT_TIMEOUT) {
                continue;
            } else {
                return n == 0 && rc == LibPcap.NEXT_ERROR ? -1 : n;
            }
        }
        return n;
    }

    /** Sends a frame as is; false when libpcap refused it or it is longer than {@link #MAX_FRAME} (counted). */
    public boolean send(byte[] buf, int length) {
        if (length >= 0 && length <= MAX_FRAME && length <= buf.length) {
            long address = Pointer.nativeValue(SEND_BUFFER.get());
            UNSAFE.copyMemory(buf, BYTE_ARRAY_OFFSET, null, address, length);
            if (LibPcap.pcap_inject(pcap, address, length) == length) {
                return true;
            }
        }
        sendErrors++;
        return false;
    }

    /** Makes a blocked {@link #poll} return; safe from any thread. */
    public void wakeUp() {
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // Closed already: nothing is blocked on it.
        }
    }

    public long received() {
        return received;
    }

    /** Frames longer than the snap length, cut to it. */
    public long truncated() {
        return truncated;
    }

    public long sendErrors() {
        return sendErrors;
    }

    /** Frames the kernel dropped because the ring was full ({@code pcap_stats} ps_drop). */
    public long ringDrops() {
        try {
            return handle.getStats().getNumPacketsDropped();
        } catch (PcapNativeException | NotOpenException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        handle.close();
    }

    private static Pointer rawHandle(PcapHandle h) {
        try {
            Field f = PcapHandle.class.getDeclaredField("handle");
            f.setAccessible(true);
            return (Pointer) f.get(h);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("pcap4j's PcapHandle has no 'handle' field: unsupported pcap4j version", e);
        }
    }
}
