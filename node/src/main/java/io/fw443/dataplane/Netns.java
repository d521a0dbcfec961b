package io.fw443.dataplane;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Opens things inside a named network namespace ({@code ip netns add NAME}) from a JVM that lives elsewhere: a
 * socket or pcap handle belongs to the namespace it was created in, so a short-lived thread joins the namespace with
 * setns(2), creates it and hands it back. The node itself runs inside its namespace and never needs this; the tests do.
 */
public final class Netns {
    private static final int CLONE_NEWNET = 0x40000000;

    private interface CLib extends Library {
        CLib INSTANCE = Native.load("c", CLib.class);

        int setns(int fd, int nstype);
    }

    private Netns() {}

    /** Runs {@code action} on a new thread inside namespace {@code name} and returns its result. */
    public static <T> T callIn(String name, Callable<T> action) throws Exception {
        FutureTask<T> task = new FutureTask<>(() -> {
            try (RandomAccessFile ns = new RandomAccessFile("/run/netns/" + name, "r")) {
                int fd = fdOf(ns);
                if (CLib.INSTANCE.setns(fd, CLONE_NEWNET) != 0) {
                    throw new IOException("setns(" + name + ") failed, errno " + Native.getLastError());
                }
            }
            return action.call();
        });
        Thread t = new Thread(task, "netns-" + name);
        t.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static int fdOf(RandomAccessFile file) throws IOException {
        try {
            var fdField = java.io.FileDescriptor.class.getDeclaredField("fd");
            fdField.setAccessible(true);
            return fdField.getInt(file.getFD());
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot read a file descriptor number (needs --add-opens java.base/java.io)", e);
        }
    }
}
