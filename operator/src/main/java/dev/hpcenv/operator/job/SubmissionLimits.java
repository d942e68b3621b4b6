package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.edf.validate.Printable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sizes Linux imposes on what the batch job receives, checked before Slurm gets the job: past
 * them the node cannot start the script, and the user would learn it only from a confusing error
 * on the node ("the variable is not set in this job"). The argv and the container's environment
 * travel as one environment variable each ({@link BatchScript}), so each is bounded by Linux's
 * limit on one environment string.
 */
final class SubmissionLimits {

    /**
     * Linux's MAX_ARG_STRLEN (32 pages of 4 KiB): the longest single argument or environment string,
     * "NAME=value" and its terminating NUL. Slurm's own MAX_ENV_STRLEN (src/common/env.c) is the same.
     */
    static final int MAX_ARG_STRLEN = 32 * 4096;
    /**
     * The whole batch environment, kept to half of the usual ARG_MAX (2 MiB) so that Slurm's own
     * SLURM_* variables and the site's prolog still fit.
     */
    static final int MAX_BATCH_ENVIRONMENT = 1024 * 1024;

    private SubmissionLimits() {}

    /** One line per limit exceeded, naming the field of the spec that takes most of it. */
    static List<String> problems(HpcJobSpec spec, Map<String, String> batchEnvironment) {
        List<String> problems = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, String> e : batchEnvironment.entrySet()) {
            long bytes = entryBytes(e.getKey(), e.getValue());
            total += bytes;
            if (bytes > MAX_ARG_STRLEN) {
                problems.add(culprit(spec, e.getKey()) + " travels to the node in the environment variable "
                        + e.getKey() + " of " + bytes + " bytes, and Linux allows " + MAX_ARG_STRLEN
                        + " bytes per variable (MAX_ARG_STRLEN) (hint: pass large data in a file on a mounted path)");
            }
        }
        if (problems.isEmpty() && total > MAX_BATCH_ENVIRONMENT) {
            problems.add("spec: the job's environment takes " + total + " bytes in all, more than the limit of "
                    + MAX_BATCH_ENVIRONMENT + " (half of Linux's usual ARG_MAX) (hint: pass large data in a file)");
        }
        return problems;
    }

    /** The field that contributes most to an oversized variable, with its own size. */
    private static String culprit(HpcJobSpec spec, String variable) {
        if (BatchScript.ARGV_VARIABLE.equals(variable)) {
            String field = "spec.command";
            long largest = -1;
            List<String> words = new ArrayList<>(spec.getCommand());
            words.addAll(spec.getArgs());
            for (int i = 0; i < words.size(); i++) {
                long bytes = utf8(words.get(i));
                if (bytes > largest) {
                    largest = bytes;
                    field = i < spec.getCommand().size()
                            ? "spec.command[" + i + "]"
                            : "spec.args[" + (i - spec.getCommand().size()) + "]";
                }
            }
            return field + " (" + largest + " bytes, with the rest of the command line)";
        }
        if (BatchScript.SPEC_VARIABLE.equals(variable)) {
            String field = null;
            long largest = -1;
            for (Map.Entry<String, String> e : spec.getEnv().entrySet()) {
                long bytes = entryBytes(e.getKey(), e.getValue());
                if (bytes > largest) {
                    largest = bytes;
                    field = "spec.env." + Printable.of(e.getKey());
                }
            }
            return field != null && largest > MAX_ARG_STRLEN / 2
                    ? field + " (" + largest + " bytes, with the rest of the environment)"
                    : "the job's environment ("
                            + (spec.getEnvironmentRef() != null
                                    ? "spec.environmentRef "
                                            + spec.getEnvironmentRef().getName()
                                    : "spec.environment")
                            + " with spec.env)";
        }
        if (ServicesVariable.NAME.equals(variable)) {
            return "spec.services (with the environments of those that name their own)";
        }
        return "the variable " + variable;
    }

    private static long entryBytes(String name, String value) {
        return utf8(name) + 1 + utf8(value) + 1;
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
