package io.fw443.vrrp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer-death detection for the standalone speaker: a TCP connection to the peer speaker over the sync link, standing
 * in for JGroups' FD_SOCK2 until the node feeds the speaker its real cluster view. When the peer process dies, its
 * kernel closes the connection and the read here returns at once (FIN or RST); that is reported as a death. A silent
 * link loss is <b>not</b> detected — that is VRRP's own Master_Down_Timer's job, as it is FD_ALL3's in JGroups.
 *
 * <p>Each side listens (so the peer can connect) and keeps one outgoing connection to the peer, reconnecting every
 * {@value #RECONNECT_MS} ms while it is away. A byte goes out every {@value #HEARTBEAT_MS} ms so a connection whose
 * peer rebooted unseen is found out (the new kernel answers with RST). Only an established connection that ends
 * counts as a death; a peer that never answered is not "dead".
 */
public final class PeerHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerHeartbeat.class);
    static final long RECONNECT_MS = 100;
    static final int HEARTBEAT_MS = 1_000;
    private static final int CONNECT_TIMEOUT_MS = 500;

    private final InetSocketAddress listen;
    private final InetSocketAddress peer;
    private final Runnable onPeerDeath;
    private final ServerSocket server;
    private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private final Thread connector;
    private volatile boolean running = true;
    private volatile boolean connected;

    private PeerHeartbeat(InetSocketAddress listen, InetSocketAddress peer, Runnable onPeerDeath) throws IOException {
        this.listen = listen;
        this.peer = peer;
        this.onPeerDeath = onPeerDeath;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(listen);
        this.acceptor = new Thread(this::accept, "peer-accept");
        this.connector = new Thread(this::connect, "peer-connect");
        acceptor.setDaemon(true);
        connector.setDaemon(true);
    }

    /** Listens on {@code listen}, connects to {@code peer}, and runs {@code onPeerDeath} each time it dies. */
    public static PeerHeartbeat start(InetSocketAddress listen, InetSocketAddress peer, Runnable onPeerDeath)
            throws IOException {
        PeerHeartbeat h = new PeerHeartbeat(listen, peer, onPeerDeath);
        h.acceptor.start();
        h.connector.start();
        return h;
    }

    /** True while the outgoing connection to the peer stands. */
    public boolean isConnected() {
        return connected;
    }

    /** The bound listening address (with the actual port when 0 was asked for). */
    public InetSocketAddress listenAddress() {
        return new InetSocketAddress(listen.getAddress(), server.getLocalPort());
    }

    // The peer's connection to us: read and discard its heartbeats until it goes away.
    private void accept() {
        while (running) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread drain = new Thread(() -> drain(s), "peer-in");
                drain.setDaemon(true);
                drain.start();
            } catch (IOException e) {
                if (running) {
                    LOG.warn("peer heartbeat: accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void drain(Socket s) {
        try (s; InputStream in = s.getInputStream()) {
            byte[] buf = new byte[64];
            while (in.read(buf) >= 0) {
                // Heartbeats carry nothing.
            }
        } catch (IOException e) {
            // The peer went away; its own connection to us is what reports it.
        } finally {
            sockets.remove(s);
        }
    }

    private void connect() {
        while (running) {
            try (Socket s = new Socket()) {
                sockets.add(s);
                s.setTcpNoDelay(true);
                s.connect(peer, CONNECT_TIMEOUT_MS);
                s.setSoTimeout(HEARTBEAT_MS);
                connected = true;
                LOG.info("peer heartbeat: connected to {}", peer);
                watch(s);
            } catch (IOException e) {
                // Not reachable (yet): try again shortly.
            } finally {
                sockets.removeIf(Socket::isClosed);
            }
            if (connected) {
                connected = false;
                if (running) {
                    LOG.info("peer heartbeat: connection to {} ended: peer died", peer);
                    onPeerDeath.run();
                }
            }
            if (running) {
                LockSupport.parkNanos(RECONNECT_MS * 1_000_000L);
            }
        }
    }

    // Blocks in read: returns when the peer's kernel closes the connection (FIN/RST) or a heartbeat fails.
    private void watch(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (running) {
            try {
                if (in.read() < 0) {
                    return;
                }
            } catch (SocketTimeoutException idle) {
                out.write(0);
                out.flush();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
        connector.interrupt();
    }
}
