package io.fw443.lab.traffic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for running the traffic tools as their own processes, e.g. in a lab namespace:
 * <pre>
 * lab.spawn("server", log, TrafficProcesses.echoServerCommand(7443, 8443).toArray(String[]::new));
 * await: TrafficProcesses.serverReady(log)
 * lab.spawn("client", log, TrafficProcesses.fleetCommand("198.51.100.100", 7443, 200, report, series, status)
 *         .toArray(String[]::new));
 * await: FleetStatus.read(status).allEstablished(); stop with Process.destroy() (SIGTERM writes the report)
 * </pre>
 * The classpath is this JVM's own (Surefire's test classpath holds ha-tests/target/classes and every dependency
 * jar). From a shell (after {@code mvn package}):
 * {@code java -cp "ha-tests/target/classes:node/target/fw443/lib/*" io.fw443.lab.traffic.TlsEchoServer}.
 */
public final class TrafficProcesses {
    /** The line {@link TlsEchoServer} prints once it listens. */
    public static final String SERVER_READY = "ready echo=";
    /** The line {@link TlsEchoFleet} prints once every session is open. */
    public static final String FLEET_ESTABLISHED = "established ";
    /** A small heap and the serial collector: short pauses, little memory on a shared two-core box. */
    public static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true");

    private TrafficProcesses() {}

    /** {@link TlsEchoServer} on all addresses; {@code extra} adds options such as {@code --cert}/{@code --key}. */
    public static List<String> echoServerCommand(int echoPort, int httpsPort, String... extra) {
        List<String> args = new ArrayList<>(List.of("--echo-port", Integer.toString(echoPort),
                "--https-port", Integer.toString(httpsPort)));
        args.addAll(List.of(extra));
        return java(TlsEchoServer.class.getName(), args);
    }

    /**
     * {@link TlsEchoFleet} against {@code host:port}; {@code extra} adds options such as {@code --duration-s},
     * {@code --bind-ip}, {@code --interval-ms}, {@code --reconnect true}.
     */
    public static List<String> fleetCommand(String host, int port, int sessions, Path report, Path series,
                                            Path status, String... extra) {
        List<String> args = new ArrayList<>(List.of("--host", host, "--port", Integer.toString(port),
                "--sessions", Integer.toString(sessions), "--report", report.toString(), "--series", series.toString(),
                "--status-file", status.toString()));
        args.addAll(List.of(extra));
        return java(TlsEchoFleet.class.getName(), args);
    }

    /** {@code java <JVM> -cp <classpath> mainClass args...} with this JVM's java binary. */
    public static List<String> java(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM);
        cmd.addAll(List.of("-cp", classpath(), mainClass));
        cmd.addAll(args);
        return cmd;
    }

    /** This JVM's classpath (Surefire's real one when it runs tests from a manifest-only jar). */
    public static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** True once the server's log shows its ready line. */
    public static boolean serverReady(Path log) throws IOException {
        return Files.exists(log) && Files.readString(log).contains(SERVER_READY);
    }
}
