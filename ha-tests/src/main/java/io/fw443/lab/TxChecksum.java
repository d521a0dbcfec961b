package io.fw443.lab;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.fw443.dataplane.Netns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns off transmit checksum offload on a veth, as {@code ethtool -K DEV tx off} does (ethtool is not installed
 * everywhere). A veth hands its peer segments whose TCP/UDP checksum is left for hardware that does not exist; the
 * kernel on the far side trusts that, but a frame captured with pcap and injected again carries the unfinished
 * checksum and the receiver drops it. A forwarder between real NICs never sees such frames; lab hosts must not send
 * them. Without TX checksumming the kernel also stops handing veths TSO super-frames larger than the MTU.
 */
public final class TxChecksum {
    /** linux/sockios.h. */
    private static final long SIOCETHTOOL = 0x8946;
    /** linux/ethtool.h: set TX checksumming. */
    private static final int ETHTOOL_STXCSUM = 0x17;
    private static final int IFNAMSIZ = 16;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;

    private interface CLib extends Library {
        CLib INSTANCE = Native.load("c", CLib.class);

        int socket(int domain, int type, int protocol);

        int ioctl(int fd, NativeLong request, Pointer argument);

        int close(int fd);
    }

    private TxChecksum() {}

    public static void disable(String namespace, String device) throws Exception {
        Netns.callIn(namespace, () -> {
            Memory value = new Memory(8);
            value.setInt(0, ETHTOOL_STXCSUM);
            value.setInt(4, 0);
            Memory ifreq = new Memory(40);
            ifreq.clear();
            byte[] name = device.getBytes(StandardCharsets.US_ASCII);
            ifreq.write(0, name, 0, Math.min(name.length, IFNAMSIZ - 1));
            ifreq.setPointer(IFNAMSIZ, value);
            int fd = CLib.INSTANCE.socket(AF_INET, SOCK_DGRAM, 0);
            try {
                if (CLib.INSTANCE.ioctl(fd, new NativeLong(SIOCETHTOOL), ifreq) != 0) {
                    throw new IOException("SIOCETHTOOL on " + device + " in " + namespace + " failed, errno "
                            + Native.getLastError());
                }
            } finally {
                CLib.INSTANCE.close(fd);
            }
            return null;
        });
    }
}
