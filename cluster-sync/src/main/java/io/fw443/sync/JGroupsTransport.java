package io.fw443.sync;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Event;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.stack.IpAddress;
import org.jgroups.util.NameCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SyncTransport} over a JGroups channel, the only class that imports JGroups. A member's logical name is
 * {@code <name>#<nodeId>}, which is how addresses in views and on messages map to node ids. Own multicasts are
 * discarded. Which stack (TCP + TLS, UDP + SYM_ENCRYPT + AUTH), ports and keys is the stack file's business.
 */
public final class JGroupsTransport implements SyncTransport {
    private static final Logger LOG = LoggerFactory.getLogger(JGroupsTransport.class);
    /** A refusal from a live host takes one round trip; longer means no answer, which proves nothing. */
    private static final ProcessDeathProbe DEATH_PROBE = new ProcessDeathProbe(250);
    private static final int PROBE_ATTEMPTS = 10;
    private static final long PROBE_SPACING_MS = 20;
    private final int localNode;
    private final String clusterName;
    private final JChannel channel;
    private final Map<Integer, Address> addresses = new ConcurrentHashMap<>();
    private final Map<Address, Integer> nodes = new ConcurrentHashMap<>();
    /** One thread, so the JGroups thread that heard a suspicion never waits on a connect. */
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "crash-probe");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param stackFile a JGroups XML stack, e.g. config/jgroups-tcp.xml
     * @param values    placeholder values for the stack (see {@link StackConfig})
     * @param nodeName  a human name for logs (fw-a)
     */
    public JGroupsTransport(Path stackFile, Map<String, String> values, String clusterName, String nodeName,
                            int localNode) throws Exception {
        if (localNode < 1 || localNode > 0xFFFF) {
            throw new IllegalArgumentException("node id must be 1..65535: " + localNode);
        }
        this.localNode = localNode;
        this.clusterName = clusterName;
        String xml = StackConfig.render(stackFile, values);
        this.channel = new JChannel(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        channel.name(nodeName + "#" + localNode);
        channel.setDiscardOwnMessages(true);
    }

    /**
     * The placeholder values of the stacks in config/ for one member: its sync address, the static peer list
     * ({@code host[port],...}; TCP stack), the key directory made by config/gen-cluster-key.sh, this member's name
     * there (its TLS key store is {@code <keys>/<name>.p12}) and the stores' password.
     */
    public static Map<String, String> stackValues(String bindAddress, int bindPort, String initialHosts,
                                                  Path keysDir, String nodeName, String password) {
        Map<String, String> v = new java.util.HashMap<>();
        v.put("fw443.sync.bind_addr", bindAddress);
        v.put("fw443.sync.bind_port", Integer.toString(bindPort));
        v.put("fw443.sync.initial_hosts", initialHosts);
        v.put("fw443.keys.dir", keysDir.toString());
        v.put("fw443.keys.password", password);
        v.put("fw443.node.name", nodeName);
        return v;
    }

    @Override
    public int localNode() {
        return localNode;
    }

    @Override
    public void start(Listener listener) throws Exception {
        channel.setReceiver(new Receiver() {
            @Override
            public void receive(Message msg) {
                BytesMessage bytes = msg instanceof BytesMessage b ? b : null;
                if (bytes == null || bytes.getArray() == null) {
                    return;
                }
                listener.onMessage(nodeOf(msg.getSrc()), bytes.getArray(), bytes.getOffset(), bytes.getLength());
            }

            @Override
            public void viewAccepted(View view) {
                List<Integer> members = new ArrayList<>();
                for (Address a : view.getMembers()) {
                    int node = nodeOf(a);
                    if (node > 0) {
                        members.add(node);
                        addresses.put(node, a);
                    }
                }
                addresses.values().retainAll(view.getMembers());
                nodes.keySet().retainAll(view.getMembers());
                listener.onView(new Membership(view.getViewId().getId(), members, view instanceof MergeView));
            }
        });
        channel.connect(clusterName);
    }

    /** The node id behind an address, from its logical name; -1 when unknown (the decoder rejects it). */
    private int nodeOf(Address address) {
        if (address == null) {
            return -1;
        }
        Integer cached = nodes.get(address);
        if (cached != null) {
            return cached;
        }
        String name = NameCache.get(address);
        int hash = name == null ? -1 : name.lastIndexOf('#');
        if (hash < 0) {
            return -1;
        }
        try {
            int node = Integer.parseInt(name.substring(hash + 1));
            nodes.put(address, node);
            return node;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void broadcast(byte[] buf, int off, int len) throws Exception {
        channel.send(new BytesMessage(null, buf, off, len));
    }

    @Override
    public boolean send(int node, byte[] buf, int off, int len, boolean control) throws Exception {
        Address dest = addresses.get(node);
        if (dest == null) {
            return false;
        }
        Message msg = new BytesMessage(dest, buf, off, len);
        if (control) {
            msg.setFlag(Message.Flag.NO_FC);
        }
        channel.send(msg);
        return true;
    }

    /**
     * Tells {@code listener} the node ids of members whose process died, before the view change confirms it; a no-op
     * when the stack has no {@link CrashSuspicions} above FD_SOCK2. FD_SOCK2 also suspects a live member now and then
     * (a stale socket closing after a partition heals), so each suspicion is checked first: only a refused connect to
     * the member's FD_SOCK2 port (its process is gone, its host answers) is passed on. Called on the probe thread.
     */
    public void onPeerCrash(IntConsumer listener) {
        CrashSuspicions tap = channel.getProtocolStack().findProtocol(CrashSuspicions.class);
        FD_SOCK2 fd = channel.getProtocolStack().findProtocol(FD_SOCK2.class);
        if (tap == null || fd == null) {
            return;
        }
        tap.listener(suspects -> suspects.forEach(a -> {
            int node = nodeOf(a);
            InetSocketAddress target = fdSocketOf(a, fd.getOffset());
            if (node > 0 && node != localNode) {
                if (target == null) {
                    LOG.info("node {} suspected by FD_SOCK2, address unknown: left to failure detection", node);
                } else {
                    probes.execute(() -> confirmDeath(node, target, listener, 1));
                }
            }
        }));
    }

    /**
     * A killed process's sockets close one by one as the kernel tears it down, so its listening port may still
     * accept for a few milliseconds after FD_SOCK2's connection closed: an accepted probe is retried, and only a
     * port that keeps accepting for {@code PROBE_ATTEMPTS × PROBE_SPACING_MS} counts as a live process.
     */
    private void confirmDeath(int node, InetSocketAddress target, IntConsumer listener, int attempt) {
        ProcessDeathProbe.Answer answer = DEATH_PROBE.probe(target);
        if (answer == ProcessDeathProbe.Answer.REFUSED) {
            listener.accept(node);
        } else if (answer == ProcessDeathProbe.Answer.ACCEPTED && attempt < PROBE_ATTEMPTS) {
            probes.schedule(() -> confirmDeath(node, target, listener, attempt + 1), PROBE_SPACING_MS,
                    TimeUnit.MILLISECONDS);
        } else {
            LOG.info("node {} suspected by FD_SOCK2 but not confirmed dead ({} at {} after {} probes): left to"
                    + " failure detection", node, answer, target, attempt);
        }
    }

    /** Where a member's FD_SOCK2 listens: its transport address with FD_SOCK2's port offset; null if unknown. */
    private InetSocketAddress fdSocketOf(Address member, int offset) {
        Object physical = channel.down(new Event(Event.GET_PHYSICAL_ADDRESS, member));
        if (physical instanceof IpAddress ip && ip.getIpAddress() != null) {
            return new InetSocketAddress(ip.getIpAddress(), ip.getPort() + offset);
        }
        return null;
    }

    /** The channel, for tests that feed its protocols events. */
    JChannel channel() {
        return channel;
    }

    /** The JGroups view as text, for diagnostics. */
    public String viewString() {
        return String.valueOf(channel.getView());
    }

    @Override
    public void close() {
        probes.shutdownNow();
        channel.close();
    }
}
