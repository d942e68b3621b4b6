package dev.hpcenv.shim.runtime;

import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Inherited descriptors the container must get, e.g. Slurm's pmi2 socket named by PMI_FD. The
 * runtime receives them as 3, 4, ... ({@code --preserve-fds N}) and passes them on under those
 * numbers, so the variables are renumbered in the container's environment.
 */
public record PreservedFds(List<Fd> fds) {
    /** Descriptor {@code hostFd} of the shim becomes {@code containerFd}; {@code variable} names it. */
    public record Fd(String variable, int hostFd, int containerFd) {}

    public static final PreservedFds NONE = new PreservedFds(List.of());
    static final int FIRST = 3;

    public PreservedFds {
        fds = List.copyOf(fds);
    }

    /** From the variables the site lists, in that order; a variable that is not set is skipped. */
    public static PreservedFds plan(Map<String, String> env, List<String> variables, IntPredicate isOpen) {
        List<Fd> out = new ArrayList<>();
        Map<Integer, Integer> assigned = new LinkedHashMap<>();
        for (String name : variables) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            int fd;
            try {
                fd = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw bad(name, value, "is not a descriptor number");
            }
            if (fd < FIRST) {
                throw bad(name, value, "names standard input/output, not an extra descriptor");
            }
            if (!isOpen.test(fd)) {
                throw bad(name, value, "names a descriptor that is not open in hpcenv-shim");
            }
            Integer target = assigned.get(fd);
            if (target == null) {
                target = FIRST + assigned.size();
                assigned.put(fd, target);
            }
            out.add(new Fd(name, fd, target));
        }
        return new PreservedFds(out);
    }

    /** Open descriptors of this process, as /proc lists them. */
    public static boolean isOpenInThisProcess(int fd) {
        return Files.exists(Path.of("/proc/self/fd/" + fd));
    }

    private static ShimException bad(String name, String value, String why) {
        return ShimException.environment(
                name + "=" + value + " " + why,
                "start hpcenv-shim directly from srun (the descriptor is inherited), or unset " + name
                        + " (preserve_fds_env in the site configuration lists the variables)");
    }

    public boolean isEmpty() {
        return fds.isEmpty();
    }

    /** How many descriptors the runtime passes on: {@code --preserve-fds}. */
    public int count() {
        return (int) fds.stream().mapToInt(Fd::containerFd).distinct().count();
    }

    /** Source and target pairs, one per distinct descriptor, in target order. */
    public List<int[]> moves() {
        List<int[]> out = new ArrayList<>();
        for (Fd f : fds) {
            if (out.stream().noneMatch(m -> m[1] == f.containerFd())) {
                out.add(new int[] {f.hostFd(), f.containerFd()});
            }
        }
        return out;
    }

    /** The variables' values in the container. */
    public Map<String, String> containerEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        fds.forEach(f -> env.put(f.variable(), Integer.toString(f.containerFd())));
        return env;
    }
}
