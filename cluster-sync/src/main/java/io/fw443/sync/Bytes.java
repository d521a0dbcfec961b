package io.fw443.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian (network order) reads and writes on {@code byte[]}: the byte order of every sync wire field. */
final class Bytes {
    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {}

    static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    static void u8(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    static int u16(byte[] b, int off) {
        return (short) U16.get(b, off) & 0xFFFF;
    }

    static void u16(byte[] b, int off, int v) {
        U16.set(b, off, (short) v);
    }

    static long u32(byte[] b, int off) {
        return (int) U32.get(b, off) & 0xFFFF_FFFFL;
    }

    static int i32(byte[] b, int off) {
        return (int) U32.get(b, off);
    }

    static void i32(byte[] b, int off, int v) {
        U32.set(b, off, v);
    }

    static long i64(byte[] b, int off) {
        return (long) U64.get(b, off);
    }

    static void i64(byte[] b, int off, long v) {
        U64.set(b, off, v);
    }
}
