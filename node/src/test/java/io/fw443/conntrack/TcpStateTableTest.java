package io.fw443.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks every (direction, event, state) cell against Linux 6.1's {@code tcp_conntracks} table, transcribed here as
 * text from net/netfilter/nf_conntrack_proto_tcp.c independently of the implementation's arrays.
 */
class TcpStateTableTest {
    // Columns: NONE SYN_SENT SYN_RECV ESTABLISHED FIN_WAIT CLOSE_WAIT LAST_ACK TIME_WAIT CLOSE SYN_SENT2.
    // sNO..sS2 are Linux's state abbreviations, sIV invalid, sIG ignore.
    private static final String LINUX_TABLE = """
            ORIGINAL SYN    sSS sSS sIG sIG sIG sIG sIG sSS sSS sS2
            ORIGINAL SYNACK sIV sIV sSR sIV sIV sIV sIV sIV sIV sSR
            ORIGINAL FIN    sIV sIV sFW sFW sLA sLA sLA sTW sCL sIV
            ORIGINAL ACK    sES sIV sES sES sCW sCW sTW sTW sCL sIV
            ORIGINAL RST    sIV sCL sCL sCL sCL sCL sCL sCL sCL sCL
            ORIGINAL NONE   sIV sIV sIV sIV sIV sIV sIV sIV sIV sIV
            REPLY    SYN    sIV sS2 sIV sIV sIV sIV sIV sSS sIV sS2
            REPLY    SYNACK sIV sSR sIG sIG sIG sIG sIG sIG sIG sSR
            REPLY    FIN    sIV sIV sFW sFW sLA sLA sLA sTW sCL sIV
            REPLY    ACK    sIV sIG sSR sES sCW sCW sTW sTW sCL sIG
            REPLY    RST    sIV sCL sCL sCL sCL sCL sCL sCL sCL sCL
            REPLY    NONE   sIV sIV sIV sIV sIV sIV sIV sIV sIV sIV
            """;

    private static final String[] COLUMNS = {
        "NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE",
        "SYN_SENT2",
    };

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (String line : LINUX_TABLE.strip().split("\n")) {
            String[] f = line.trim().split("\\s+");
            int dir = f[0].equals("ORIGINAL") ? 0 : 1;
            for (int col = 0; col < COLUMNS.length; col++) {
                cells.add(Arguments.of(f[0], dir, f[1], COLUMNS[col], f[2 + col]));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} {2} in {3} -> {4}")
    @MethodSource("cells")
    void everyCellMatchesLinux(String dirName, int dir, String event, String state, String expected) {
        TcpTransition cell = TcpStateTable.next(TcpState.valueOf(state), dir, TcpEvent.valueOf(event));
        assertEquals(expected, linuxName(cell));
    }

    @Test
    void stateCodesFollowLinuxsEnumOrder() {
        for (int code = 0; code < COLUMNS.length; code++) {
            assertEquals(COLUMNS[code], TcpState.fromCode(code).name());
        }
        assertNull(TcpState.fromCode(COLUMNS.length));
        assertNull(TcpState.fromCode(-1));
    }

    @Test
    void eventIsTakenFromFlagsInLinuxsPriority() {
        assertEquals(TcpEvent.RST, TcpEvent.of(TcpFlags.RST | TcpFlags.SYN | TcpFlags.ACK));
        assertEquals(TcpEvent.SYNACK, TcpEvent.of(TcpFlags.SYN | TcpFlags.ACK | TcpFlags.FIN));
        assertEquals(TcpEvent.SYN, TcpEvent.of(TcpFlags.SYN | TcpFlags.FIN));
        assertEquals(TcpEvent.FIN, TcpEvent.of(TcpFlags.FIN | TcpFlags.ACK));
        assertEquals(TcpEvent.ACK, TcpEvent.of(TcpFlags.ACK | TcpFlags.PSH));
        assertEquals(TcpEvent.NONE, TcpEvent.of(TcpFlags.PSH | TcpFlags.URG));
    }

    private static String linuxName(TcpTransition cell) {
        if (cell instanceof TcpTransition.Move move) {
            switch (move.to()) {
                case NONE: return "sNO";
                case SYN_SENT: return "sSS";
                case SYN_RECV: return "sSR";
                case ESTABLISHED: return "sES";
                case FIN_WAIT: return "sFW";
                case CLOSE_WAIT: return "sCW";
                case LAST_ACK: return "sLA";
                case TIME_WAIT: return "sTW";
                case CLOSE: return "sCL";
                case SYN_SENT2: return "sS2";
                default: throw new AssertionError(move);
            }
        }
        return cell instanceof TcpTransition.Ignore ? "sIG" : "sIV";
    }
}
