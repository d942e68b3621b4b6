package dev.hpcenv.operator.environment;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The variables every compute node defines when hpcenv-shim expands an environment for an HpcJob: the
 * job user's login variables (the shim sets them as a login shell would), what Slurm and the batch
 * script set, and the site's own from its shim.toml, which the operator knows by name only, from
 * the SlurmClusters' {@code spec.nodeVariables}. The image's {@code Env} is unknown here.
 */
public final class NodeVariables {
    /** What the shim defines as a login shell would, for the job's user. */
    public static final List<String> LOGIN = List.of("HOME", "USER", "LOGNAME", "SHELL");
    /** The batch script's {@code PATH}; {@code PWD}, which the job's shell sets. */
    private static final List<String> ALWAYS = List.of("PATH", "PWD");
    /** Slurm's ({@code SLURM_JOB_ID}, {@code SLURMD_NODENAME}, ...) and the operator's ({@code HPCENV_SPEC}, ...). */
    private static final List<String> PREFIXES = List.of("SLURM", "HPCENV_");

    private final Set<String> site;

    public NodeVariables(Collection<String> siteVariables) {
        this.site = new TreeSet<>(siteVariables);
    }

    public static NodeVariables withoutSite() {
        return new NodeVariables(List.of());
    }

    public boolean defines(String name) {
        return LOGIN.contains(name)
                || ALWAYS.contains(name)
                || site.contains(name)
                || PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** The sources, for a message: the site's names as listed, since those are what an admin can change. */
    public String describe() {
        return "the node's login variables (" + String.join(", ", LOGIN) + "), PATH, PWD, Slurm's SLURM_* and hpcenv's "
                + "HPCENV_*, or the site ("
                + (site.isEmpty()
                        ? "no SlurmCluster lists spec.nodeVariables"
                        : "nodeVariables " + String.join(", ", site))
                + ")";
    }
}
