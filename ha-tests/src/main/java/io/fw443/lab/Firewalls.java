package io.fw443.lab;

/**
 * The firewalls a {@link FailoverRun} drives: fw443 nodes ({@link ClusterLab}) or the kernel baseline
 * ({@link BaselinePair}). Each firewall has a text log in which every VRRP transition is a line that starts with its
 * ISO-8601 time and reads {@code group N (NAME) FROM -> TO}; the run's markers come from those lines.
 */
public interface Firewalls extends AutoCloseable {
    Lab lab();

    /** The firewall's log of VRRP transitions (and whatever else it logs), "" before it has one. */
    String logText(String firewall);

    /** The VRRP state {@code firewall} logged last for {@code group} ("MASTER", "BACKUP", ...), or "". */
    String lastState(String firewall, int group);

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
