package io.fw443.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A group of {@link SyncTransport} members in one JVM, for tests: each member receives on its own thread (FIFO per
 * sender, like JGroups), views follow joins, leaves and partitions (a heal delivers a merge view), and faults can be
 * injected per message: drop, duplicate, reorder (hold one back until the sender's next message). Faults are drawn
 * from a seeded generator, so a failing run can be repeated.
 */
final class InMemoryHub implements AutoCloseable {
    private final Map<Integer, Member> members = new LinkedHashMap<>();
    private final Random random;
    private volatile double dropRate;
    private volatile double duplicateRate;
    private volatile double reorderRate;
    private final Map<Integer, Integer> component = new LinkedHashMap<>();
    private long viewId;

    InMemoryHub(long seed) {
        this.random = new Random(seed);
    }

    /** Faults on every later message between members (control messages included). */
    synchronized void faults(double drop, double duplicate, double reorder) {
        this.dropRate = drop;
        this.duplicateRate = duplicate;
        this.reorderRate = reorder;
    }

    synchronized Member member(int node) {
        Member m = new Member(node);
        return m;
    }

    /** Cuts the group in two: members of {@code side} see only each other, the rest see only the rest. */
    synchronized void partition(Set<Integer> side) {
        for (int node : members.keySet()) {
            component.put(node, side.contains(node) ? 1 : 2);
        }
        announce(false);
    }

    /** Heals every partition; members get a merge view. */
    synchronized void heal() {
        component.replaceAll((k, v) -> 0);
        announce(true);
    }

    private synchronized void joined(Member m) {
        members.put(m.node, m);
        component.put(m.node, 0);
        announce(false);
    }

    private synchronized void left(Member m) {
        members.remove(m.node);
        component.remove(m.node);
        announce(false);
    }

    private void announce(boolean merge) {
        viewId++;
        for (Member m : members.values()) {
            List<Integer> view = new ArrayList<>();
            for (int other : members.keySet()) {
                if (component.get(other).equals(component.get(m.node))) {
                    view.add(other);
                }
            }
            SyncTransport.Membership membership = new SyncTransport.Membership(viewId, view, merge);
            m.deliver(() -> m.listener.onView(membership));
        }
    }

    private synchronized boolean connected(int a, int b) {
        Integer ca = component.get(a);
        Integer cb = component.get(b);
        return ca != null && ca.equals(cb) && members.containsKey(b);
    }

    private void route(int from, int to, byte[] buf, int off, int len) {
        if (!connected(from, to)) {
            return;
        }
        Member target;
        synchronized (this) {
            target = members.get(to);
        }
        byte[] copy = Arrays.copyOfRange(buf, off, off + len);
        double r;
        synchronized (random) {
            r = random.nextDouble();
        }
        if (r < dropRate) {
            return;
        }
        Member sender = members.get(from);
        if (r < dropRate + reorderRate && sender != null) {
            byte[] previous = sender.heldBack.put(to, copy);
            if (previous == null) {
                return;
            }
            target.deliver(() -> target.listener.onMessage(from, previous, 0, previous.length));
            return;
        }
        int copies = r < dropRate + reorderRate + duplicateRate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            target.deliver(() -> target.listener.onMessage(from, copy, 0, copy.length));
        }
        byte[] held = sender == null ? null : sender.heldBack.remove(to);
        if (held != null) {
            target.deliver(() -> target.listener.onMessage(from, held, 0, held.length));
        }
    }

    @Override
    public synchronized void close() {
        for (Member m : new ArrayList<>(members.values())) {
            m.close();
        }
    }

    /** One member's transport. */
    final class Member implements SyncTransport {
        final int node;
        private final ExecutorService inbox;
        private final Map<Integer, byte[]> heldBack = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile Listener listener;
        private volatile boolean open;

        Member(int node) {
            this.node = node;
            this.inbox = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "hub-inbox-" + node);
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public int localNode() {
            return node;
        }

        @Override
        public void start(Listener l) {
            this.listener = l;
            this.open = true;
            joined(this);
        }

        void deliver(Runnable r) {
            if (open) {
                inbox.execute(r);
            }
        }

        @Override
        public void broadcast(byte[] buf, int off, int len) {
            List<Integer> targets;
            synchronized (InMemoryHub.this) {
                targets = new ArrayList<>(members.keySet());
            }
            for (int to : targets) {
                if (to != node) {
                    route(node, to, buf, off, len);
                }
            }
        }

        @Override
        public boolean send(int to, byte[] buf, int off, int len, boolean control) {
            if (!connected(node, to)) {
                return false;
            }
            route(node, to, buf, off, len);
            return true;
        }

        @Override
        public void close() {
            if (!open) {
                return;
            }
            open = false;
            left(this);
            inbox.shutdownNow();
            try {
                inbox.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
