package io.fw443.lab;

import io.fw443.lab.traffic.FleetStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The README's demo ({@code bin/demo}): two fw443 nodes in network namespaces, 200 TLS sessions through their VIPs,
 * {@code fw443 status}, kill -9 of the master, {@code fw443 status} on the survivor, the killed node back (it
 * resyncs and takes its VIPs back), then a report in the failover benchmark's words and a timeline picture.
 *
 * <pre>FailoverDemo REPO_ROOT [OUTPUT_DIR]</pre>
 */
public final class FailoverDemo {
    private static final int SESSIONS = 200;

    private FailoverDemo() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: FailoverDemo REPO_ROOT [OUTPUT_DIR]");
            System.exit(2);
        }
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path out = args.length > 1 ? Path.of(args[1]).toAbsolutePath() : root.resolve("demo-output");
        Path work = Files.createTempDirectory("fw443-demo-");
        int exit = 1;
        try (ClusterLab cluster = ClusterLab.create(Topology.standard(1, 2), NodeConfigs.Settings.defaults(), root,
                work)) {
            say("lab up: client 192.0.2.10 -> VIP 192.0.2.1 | fw-a (.2) fw-b (.3) | VIP 198.51.100.1 -> server"
                    + " 198.51.100.100; sync link 203.0.113.0/24");
            cluster.start("fw-a");
            cluster.start("fw-b");
            say("fw-a and fw-b running; opening " + SESSIONS + " TLS sessions (a record every 20 ms each)");
            try (FailoverRun run = FailoverRun.start(cluster, SESSIONS, work.resolve("run"))) {
                run.runFor(Duration.ofSeconds(3));
                say("fw443 status on fw-a:");
                System.out.println(cluster.cli("fw-a", "status").output());
                int aliveBefore = run.fleetStatus().map(FleetStatus::alive).orElse(0);
                say("kill -9 fw-a (the master)");
                run.fault(FailoverRun.Fault.PROCESS_CRASH, "fw-a", "fw-b");
                run.runFor(Duration.ofSeconds(3));
                say("fw443 status on fw-b:");
                System.out.println(cluster.cli("fw-b", "status").output());
                say("starting fw-a again: it resyncs from fw-b, then takes its VIPs back (preempt)");
                run.restart("fw-a", true);
                run.runFor(Duration.ofSeconds(3));
                FailoverRun.Outcome o = run.finish("fw443 demo: kill -9 of the master, 200 TLS sessions");
                Files.createDirectories(out);
                Path svg = Files.copy(o.timeline(), out.resolve("failover-timeline.svg"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                say("report");
                System.out.println("sessions alive before the kill: " + aliveBefore + " of " + SESSIONS);
                System.out.print(o.summary().text());
                o.markers().forEach(m -> System.out.println("  marker " + m.label() + " at " + m.epochMs()));
                System.out.println("failover: " + o.summary().line());
                System.out.println("timeline: " + svg);
                exit = o.summary().survived() == SESSIONS ? 0 : 1;
            }
        } finally {
            ClusterLab.deleteTree(work);
        }
        System.exit(exit);
    }

    private static void say(String line) {
        System.out.println("\n== " + line);
    }
}
