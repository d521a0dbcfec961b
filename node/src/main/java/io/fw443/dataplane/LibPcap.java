package io.fw443.dataplane;

import com.sun.jna.Native;

/**
 * The few libpcap calls made per packet, bound by JNA direct mapping: no callback objects, no Structure, no Pointer
 * per call. Every pointer is a raw native address passed as a {@code long}: a Java array argument would make JNA copy
 * the whole array in and back out on each call (a 9 KiB frame buffer for a 60-byte frame).
 */
final class LibPcap {
    /** {@code pcap_next_ex} return values (pcap/pcap.h). */
    static final int NEXT_PACKET = 1;
    static final int NEXT_TIMEOUT = 0;
    static final int NEXT_ERROR = -1;
    static final int NEXT_BREAK = -2;

    /** {@code struct pcap_pkthdr}: a 16-byte timeval on LP64, then caplen and len (bpf_u_int32). */
    static final int PKTHDR_CAPLEN_OFFSET = 16;
    static final int PKTHDR_LEN_OFFSET = 20;

    static {
        Native.register("pcap");
    }

    private LibPcap() {}

    /** {@code header} and {@code data} are the addresses of two pointer-sized slots that receive the results. */
    static native int pcap_next_ex(long pcap, long header, long data);

    static native int pcap_inject(long pcap, long buf, long size);
}
