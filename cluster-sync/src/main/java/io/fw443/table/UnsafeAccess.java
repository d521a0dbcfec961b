package io.fw443.table;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/** The one holder of {@link Unsafe}: flyweights use it to address heap arrays and off-heap entries alike. */
final class UnsafeAccess {
    static final Unsafe UNSAFE;
    static final long BYTE_ARRAY_OFFSET;

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

    private UnsafeAccess() {}
}
