package dev.hpcenv.edf.validate;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the documented hook annotations accept (CSCS Container Engine documentation, 2026:
 * resource-hook.md, gssr.md, the Sarus Suite user guide), checked wherever an environment is
 * written. Values that select something the site installs (an AWS OFI NCCL variant, a network
 * stack artifact's version and name) are checked for shape only: which exist is the node's
 * answer, from its shim.toml. Other {@code com.hooks.*} keys are a site's own hooks and are not
 * checked, as before. A value holding a {@code ${VAR}} is checked on the node after expansion.
 */
public final class HookAnnotationValues {
    /** Switches of the documented hooks; their hooks.d files match {@code ^true$}, so anything else is a typo. */
    public static final Set<String> SWITCHES = Set.of(
            "com.hooks.cxi.enabled",
            "com.hooks.aws_ofi_nccl.enabled",
            "com.hooks.ssh.enabled",
            "com.hooks.nvidia_cuda_mps.enabled",
            "com.hooks.dcgm.enabled",
            "com.hooks.slurm.enabled",
            "com.hooks.mpi.enabled",
            "com.hooks.pmix.enabled");

    public static final String NETSTACK_SOURCE = "com.hooks.netstack.source";
    public static final String NETSTACK_VERSION = "com.hooks.netstack.version";
    public static final String NETSTACK_NAME = "com.hooks.netstack.name";
    public static final String SSH_PORT = "com.hooks.ssh.port";
    public static final String OFI_NCCL_VARIANT = "com.hooks.aws_ofi_nccl.variant";
    /** The sources the documentation lists: the host's libraries, or a network stack artifact. */
    public static final List<String> NETSTACK_SOURCES = List.of("host", "artifact");
    /** The variants the documentation lists; a site may configure others, so this only feeds hints. */
    public static final List<String> DOCUMENTED_VARIANTS = List.of("cuda12", "cuda13", "cuda-dl", "rocm5", "rocm6");
    /** Read by Pyxis, which hpcenv does not use: accepted and reported as having no effect. */
    public static final String PYXIS_PREFIX = "com.pyxis.";

    // One directory name: artifact versions and names are looked up as directories on the node.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:,+=@-]{0,127}");

    private HookAnnotationValues() {}

    /** What is wrong with {@code value} for {@code key}, or empty when fine or not a documented key. */
    public static Optional<RuleViolation> check(String key, String value) {
        if (SWITCHES.contains(key)) {
            return value.equals("true") || value.equals("false")
                    ? Optional.empty()
                    : violation(
                            "'" + Printable.of(value) + "' is not a switch value; allowed: \"true\", \"false\"",
                            "write " + key + " = \"true\"");
        }
        switch (key) {
            case NETSTACK_SOURCE:
                return NETSTACK_SOURCES.contains(value)
                        ? Optional.empty()
                        : violation(
                                "unknown network stack source '" + Printable.of(value) + "'; allowed: host, artifact",
                                "write " + key
                                        + " = \"artifact\" or \"host\", or leave it out for the system's default");
            case NETSTACK_VERSION, NETSTACK_NAME, OFI_NCCL_VARIANT:
                return NAME.matcher(value).matches()
                        ? Optional.empty()
                        : violation(
                                "'" + Printable.of(value) + "' is not a "
                                        + (key.equals(OFI_NCCL_VARIANT)
                                                ? "plugin variant"
                                                : "network stack artifact " + key.substring(key.lastIndexOf('.') + 1))
                                        + " (one name: letters, digits and . _ - : , + = @, no '/')",
                                key.equals(OFI_NCCL_VARIANT)
                                        ? "e.g. " + String.join(", ", DOCUMENTED_VARIANTS)
                                        : "e.g. \"latest\" or \"default\"");
            case SSH_PORT:
                return port(value)
                        ? Optional.empty()
                        : violation(
                                "'" + Printable.of(value) + "' is not a TCP port; allowed: 1 to 65535",
                                "leave it out for the default 15263");
            default:
                return Optional.empty();
        }
    }

    /** Whether {@code key} is read only by Pyxis ({@code com.pyxis.entrypoint_log}, {@code com.pyxis.pytorch_remap_vars}). */
    public static boolean isPyxis(String key) {
        return key != null && key.startsWith(PYXIS_PREFIX);
    }

    /** Why a Pyxis annotation does nothing here: one line, for warnings and {@code hpcenv-shim hooks}. */
    public static String pyxisNote(String key) {
        String what = switch (key) {
            case "com.pyxis.entrypoint_log" -> "; the entrypoint's output always reaches the job's output";
            case "com.pyxis.pytorch_remap_vars" -> "; hpcenv never remaps RANK and LOCAL_RANK";
            default -> "";
        };
        return "read by Pyxis, which hpcenv does not use: no effect" + what;
    }

    // Digits only, at most 5, so that "99999999999999999999" is refused without overflowing anything.
    private static boolean port(String value) {
        if (!value.matches("[0-9]{1,5}")) {
            return false;
        }
        int p = Integer.parseInt(value);
        return p >= 1 && p <= 65535;
    }

    private static Optional<RuleViolation> violation(String message, String hint) {
        return Optional.of(new RuleViolation(message, hint));
    }
}
