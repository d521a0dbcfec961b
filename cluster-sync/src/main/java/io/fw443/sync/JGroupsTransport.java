package io.fw443.sync;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.util.NameCache;

/**
 * {@link SyncTransport} over a JGroups channel, the only class that imports JGroups. A member's logical name is
 * {@code <name>#<nodeId>}, which is how addresses in views and on messages map to node ids. Own multicasts are
 * discarded. Which stack (TCP + TLS, UDP + SYM_ENCRYPT + AUTH), ports and keys is the stack file's business.
 */
public final class JGroupsTransport implements SyncTransport {
    private final int localNode;
    private final String clusterName;
    private final JChannel channel;
    private final Map<Integer, Address> addresses = new ConcurrentHashMap<>();
    private final Map<Address, Integer> nodes = new ConcurrentHashMap<>();

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
     * Tells {@code listener} the node ids of members whose process died (their FD_SOCK2 socket closed), before the
     * view change confirms it; a no-op when the stack has no {@link CrashSuspicions} above FD_SOCK2. Called on a
     * JGroups thread.
     */
    public void onPeerCrash(IntConsumer listener) {
        CrashSuspicions tap = channel.getProtocolStack().findProtocol(CrashSuspicions.class);
        if (tap != null) {
            tap.listener(suspects -> suspects.forEach(a -> {
                int node = nodeOf(a);
                if (node > 0 && node != localNode) {
                    listener.accept(node);
                }
            }));
        }
    }

    /** The JGroups view as text, for diagnostics. */
    public String viewString() {
        return String.valueOf(channel.getView());
    }

    @Override
    public void close() {
        channel.close();
    }
}
