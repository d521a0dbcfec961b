package io.fw443.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The firewalls a {@link FailoverRun} drives: fw443 nodes ({@link ClusterLab}) or the kernel baseline
 * ({@link BaselinePair}). Each firewall has a text log in which every VRRP transition is a line that starts with its
 * ISO-8601 time and reads {@code group N (NAME) FROM -> TO}; the run's markers come from those lines.
 */
public interface Firewalls extends AutoCloseable {
    Lab lab();

    /** Where the firewall's log of VRRP transitions (and whatever else it logs) is. */
    Path log(String firewall);

    /** The firewall's log, "" before it has one. */
    default String logText(String firewall) {
        try {
            return Files.exists(log(firewall)) ? Files.readString(log(firewall)) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The VRRP state {@code firewall} logged last for {@code group} ("MASTER", "BACKUP", ...), or "". */
    default String lastState(String firewall, int group) {
        String text = logText(firewall);
        String marker = "group " + group + " (";
        int at = text.lastIndexOf(marker);
        while (at >= 0) {
            int eol = text.indexOf('\n', at);
            String line = text.substring(at, eol < 0 ? text.length() : eol);
            int arrow = line.indexOf("-> ");
            if (arrow >= 0) {
                return line.substring(arrow + 3).split("[ (]")[0];
            }
            at = text.lastIndexOf(marker, at - 1);
        }
        return "";
    }

    /** Starts the firewall's HA software and waits until it runs. */
    void start(String firewall);

    /** SIGKILL: the HA software dies on the spot. */
    void kill(String firewall) throws InterruptedException;

    /** SIGTERM: the HA software steps down gracefully (priority-0 adverts). */
    void stop(String firewall) throws InterruptedException;

    /** An operator's handover of {@code group} away from {@code firewall}, which keeps running. */
    void handOver(String firewall, int group);

    @Override
    void close();
}
