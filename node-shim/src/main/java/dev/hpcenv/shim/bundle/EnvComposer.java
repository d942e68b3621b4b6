package dev.hpcenv.shim.bundle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The container environment, with the CE's precedence, lowest first:
 * <ol>
 *   <li>the host (job) environment, minus variables that break containers ({@link #HOST_EXCLUDE});</li>
 *   <li>the image's {@code Env} (the image wins over the host, which matters most for PATH);</li>
 *   <li>the environment's {@code env} table, then its {@code unsetEnv} list;</li>
 *   <li>{@code --env K=V} from the command line;</li>
 *   <li>{@code HPCENV_ARRAY_INDEX}, for an element of a job array: Slurm's {@code SLURM_ARRAY_TASK_ID}, so
 *       that a script written for hpcenv needs no Slurm name (docs/workflows.md, section 4).</li>
 * </ol>
 */
public final class EnvComposer {
    /** Variables of the shim alone ({@code HPCENV_LOG_URL}, {@code _TOKEN}, {@code _CA}, {@code _BUFFER}). */
    static final String SHIM_ONLY_PREFIX = "HPCENV_LOG_";

    /**
     * Slurm's own advice (oci.conf), what would inject host code into the image, and the shim's own
     * log-shipping credential and endpoint (docs/job-output.md: never the container's).
     */
    public static final Pattern HOST_EXCLUDE =
            Pattern.compile("SLURM_CONF|SLURM_CONF_SERVER|LD_PRELOAD|BASH_FUNC_.*|" + SHIM_ONLY_PREFIX + ".*");

    /** The element's index in its job array, the same number as Slurm's {@link #SLURM_ARRAY_INDEX}. */
    public static final String ARRAY_INDEX = "HPCENV_ARRAY_INDEX";

    static final String SLURM_ARRAY_INDEX = "SLURM_ARRAY_TASK_ID";

    private EnvComposer() {}

    public static Map<String, String> compose(
            Map<String, String> host,
            Map<String, String> imageEnv,
            Map<String, String> environmentEnv,
            List<String> unset,
            Map<String, String> commandLine) {
        Map<String, String> env = new LinkedHashMap<>();
        host.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .filter(e -> !HOST_EXCLUDE.matcher(e.getKey()).matches())
                .forEach(e -> env.put(e.getKey(), e.getValue()));
        env.putAll(imageEnv);
        applyEnvironment(env, environmentEnv, unset, commandLine);
        arrayIndex(host, env);
        return env;
    }

    /**
     * Without an image the CE does not enter a container: the host environment is kept whole
     * (nothing needs protecting from it) but for the shim's own variables, and the environment's
     * own settings apply on top.
     */
    public static Map<String, String> composeOnHost(
            Map<String, String> host,
            Map<String, String> environmentEnv,
            List<String> unset,
            Map<String, String> commandLine) {
        Map<String, String> env = new LinkedHashMap<>(host);
        env.keySet().removeIf(k -> k.startsWith(SHIM_ONLY_PREFIX));
        applyEnvironment(env, environmentEnv, unset, commandLine);
        arrayIndex(host, env);
        return env;
    }

    /** Set last, from the job's own environment: no layer can make it differ from Slurm's index. */
    private static void arrayIndex(Map<String, String> host, Map<String, String> env) {
        String index = host.get(SLURM_ARRAY_INDEX);
        if (index != null && !index.isEmpty()) {
            env.put(SLURM_ARRAY_INDEX, index);
            env.put(ARRAY_INDEX, index);
        }
    }

    private static void applyEnvironment(
            Map<String, String> env,
            Map<String, String> environmentEnv,
            List<String> unset,
            Map<String, String> commandLine) {
        environmentEnv.forEach((k, v) -> {
            // An empty value unsets (EDF rule), also when the operator sent it as a value.
            if (v == null || v.isEmpty()) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        unset.forEach(env::remove);
        env.putAll(commandLine);
    }
}
