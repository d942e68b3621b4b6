package dev.hpcenv.bench.operator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * CPU time spent by each process of the benchmark between two snapshots, and by the whole machine:
 * where the time of a phase goes (the API + driver JVM, the operator JVM, slurmctld, slurmrestd,
 * munged) and how much went to everything else on a shared machine. Linux only ({@code /proc}).
 */
final class CpuAccount {

    /** Clock ticks per second of {@code /proc/stat}; 100 on every Linux the project runs on. */
    private static final double TICKS = 100.0;

    /** A process of the benchmark, by role. */
    record Role(String name, long pid) {}

    /** CPU seconds per role and of the machine as a whole, at one instant. */
    record Snapshot(Map<String, Double> byRole, double machine, long nanos) {

        /** What each role (and "other") spent since {@code earlier}, in CPU seconds, and the wall time. */
        Usage since(Snapshot earlier) {
            Map<String, Double> spent = new LinkedHashMap<>();
            double accounted = 0;
            for (Map.Entry<String, Double> e : byRole.entrySet()) {
                double s = e.getValue() - earlier.byRole.getOrDefault(e.getKey(), e.getValue());
                spent.put(e.getKey(), s);
                accounted += s;
            }
            spent.put("other", Math.max(0, machine - earlier.machine - accounted));
            return new Usage(spent, (nanos - earlier.nanos) / 1e9);
        }
    }

    /** CPU seconds per role over a phase of {@code wallSeconds}. */
    record Usage(Map<String, Double> seconds, double wallSeconds) {

        /** e.g. "operator 2.10 s, api 1.30 s, ...; 4.2 ms per job" */
        String perJob(int jobs) {
            double total =
                    seconds.values().stream().mapToDouble(Double::doubleValue).sum();
            return seconds.entrySet().stream()
                            .filter(e -> e.getValue() >= 0.005)
                            .map(e -> "%s %.1f".formatted(e.getKey(), 1000 * e.getValue() / jobs))
                            .collect(Collectors.joining(", ", "", " ms CPU/job"))
                    + "; all %.1f ms CPU/job over %.2f s (%.2f cores busy)"
                            .formatted(1000 * total / jobs, wallSeconds, total / wallSeconds);
        }
    }

    private final List<Role> roles;

    private CpuAccount(List<Role> roles) {
        this.roles = roles;
    }

    /**
     * The roles: this JVM (embedded API and driver), the operator's JVM, and the daemons whose command
     * line names {@code slurmConf} (the benchmark's own Slurm) or its state directory.
     */
    static CpuAccount of(long operatorPid, Path slurmConf) {
        List<Role> roles = new java.util.ArrayList<>(
                List.of(new Role("api+driver", ProcessHandle.current().pid()), new Role("operator", operatorPid)));
        String state = slurmConf.getParent() == null || slurmConf.getParent().getParent() == null
                ? slurmConf.toString()
                : slurmConf.getParent().getParent().toString();
        // /proc/PID/cmdline directly: ProcessHandle.Info hides the command line of daemons that dropped
        // privileges (not dumpable), such as slurmctld.
        ProcessHandle.allProcesses().forEach(p -> {
            String command = commandLine(p.pid());
            if (!command.contains(state)) {
                return;
            }
            Optional<String> daemon = List.of("slurmrestd", "slurmctld", "slurmd", "munged").stream()
                    .filter(d -> command.startsWith("/usr/sbin/" + d + " ") || command.startsWith(d + " "))
                    .findFirst();
            daemon.ifPresent(d -> roles.add(new Role(d, p.pid())));
        });
        return new CpuAccount(List.copyOf(roles));
    }

    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    Snapshot snapshot() {
        Map<String, Double> byRole = new LinkedHashMap<>();
        for (Role r : roles) {
            byRole.merge(r.name(), cpuSeconds(r.pid()), Double::sum);
        }
        return new Snapshot(byRole, machineSeconds(), System.nanoTime());
    }

    /** utime + stime of a process and its threads, and of its waited-for children (slurmctld's helpers). */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]))
                    / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Busy CPU seconds of the whole machine (all but idle and iowait). */
    private static double machineSeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
