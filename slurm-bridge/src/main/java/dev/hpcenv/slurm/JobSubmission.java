package dev.hpcenv.slurm;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A batch job to submit. The script is constant text: everything that varies per job travels as
 * data in {@link #environment()} (slurmrestd ignores {@code #SBATCH} lines, so every option is a field
 * here). The job runs with exactly this environment; Slurm loads no login environment.
 *
 * <p>{@link #comment()} is the idempotency key: after an ambiguous submit failure, look the job up
 * with {@link SlurmClient#findByComment(String)} before submitting again.
 *
 * <p>Optional fields are null when unset. Build with {@link #builder(String)}.
 *
 * @param workdir          absolute working directory on the node; also the base of relative output paths
 * @param standardOutput   Slurm's {@code %j}-style patterns are expanded on the node
 * @param memoryMb         memory per node in megabytes
 * @param hold             submit held (Slurm will not start it until released)
 * @param requeue          whether Slurm may requeue the batch job after a node failure; null leaves it to
 *                         the cluster's {@code JobRequeue} (1, requeue, unless the site changed it)
 * @param array            Slurm's array expression (sbatch --array, e.g. {@code 0-99%10}); null for a single job.
 *                         The whole array is one submission, one job id, one comment
 * @param dependency       Slurm's dependency expression (sbatch --dependency, e.g. {@code afterok:12:13}); null for none
 */
public record JobSubmission(
        String script,
        String name,
        String comment,
        Map<String, String> environment,
        String workdir,
        String standardOutput,
        String standardError,
        String partition,
        String account,
        String qos,
        Integer nodes,
        Integer ntasks,
        Integer tasksPerNode,
        Integer cpusPerTask,
        Integer gpus,
        Long memoryMb,
        Duration timeLimit,
        boolean hold,
        Boolean requeue,
        String array,
        String dependency) {

    public JobSubmission {
        Objects.requireNonNull(script, "script");
        if (script.isBlank()) {
            throw new IllegalArgumentException("job script is empty; give the batch script text");
        }
        if (!script.startsWith("#!")) {
            throw new IllegalArgumentException("job script must start with an interpreter line such as #!/bin/sh");
        }
        environment =
                Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(environment, "environment")));
        if (environment.isEmpty()) {
            // slurmctld rejects a batch job with no environment (error 2127) on every version.
            throw new IllegalArgumentException("job environment is empty; Slurm rejects that, give at least PATH");
        }
        environment.forEach((key, value) -> {
            if (key == null || key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment variable name '" + key + "' is invalid: it must be"
                        + " non-empty and contain neither '=' nor NUL");
            }
            if (value == null || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment variable " + key + " has no value or contains NUL");
            }
        });
        if (workdir == null || !workdir.startsWith("/")) {
            throw new IllegalArgumentException("working directory '" + workdir + "' must be an absolute path"
                    + " (slurmstepd falls back to /tmp otherwise)");
        }
        positive("nodes", nodes);
        positive("ntasks", ntasks);
        positive("tasksPerNode", tasksPerNode);
        positive("cpusPerTask", cpusPerTask);
        if (gpus != null && gpus < 0) {
            throw new IllegalArgumentException("gpus must not be negative, got " + gpus);
        }
        if (memoryMb != null && memoryMb <= 0) {
            throw new IllegalArgumentException("memoryMb must be positive, got " + memoryMb);
        }
        if (array != null && !ARRAY.matcher(array).matches()) {
            throw new IllegalArgumentException(
                    "array '" + array + "' is not in Slurm's array syntax (e.g. 0-99, 1,3,5-7, " + "0-15:4, 0-99%10)");
        }
        if (dependency != null && !DEPENDENCY.matcher(dependency).matches()) {
            throw new IllegalArgumentException("dependency '" + dependency
                    + "' is not of the form TYPE:ID[:ID...] joined by " + "',' (e.g. afterok:12:13)");
        }
        if (timeLimit != null && (timeLimit.isNegative() || timeLimit.toMinutes() < 1)) {
            throw new IllegalArgumentException("time limit must be at least one minute, got " + timeLimit);
        }
    }

    private static final Pattern ARRAY = Pattern.compile(
            "[0-9]{1,10}(-[0-9]{1,10}(:[0-9]{1,10})?)?(,[0-9]{1,10}(-[0-9]{1,10}(:[0-9]{1,10})?)?)*(%[0-9]{1,10})?");
    private static final Pattern DEPENDENCY =
            Pattern.compile("(after|afterok|afterany|afternotok|aftercorr)(:[0-9]{1,10}(_[0-9]{1,10})?)+"
                    + "(,(after|afterok|afterany|afternotok|aftercorr)(:[0-9]{1,10}(_[0-9]{1,10})?)+)*");

    private static void positive(String field, Integer value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, got " + value);
        }
    }

    /** Time limit in whole minutes as Slurm wants it, rounded up; null when unset. */
    public Integer timeLimitMinutes() {
        if (timeLimit == null) {
            return null;
        }
        long minutes = timeLimit.plusSeconds(59).toMinutes();
        return (int) Math.min(minutes, Integer.MAX_VALUE);
    }

    public static Builder builder(String script) {
        return new Builder(script);
    }

    /** Builder with the same validation as the record, applied at {@link #build()}. */
    public static final class Builder {
        private final String script;
        private String name;
        private String comment;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String workdir;
        private String standardOutput;
        private String standardError;
        private String partition;
        private String account;
        private String qos;
        private Integer nodes;
        private Integer ntasks;
        private Integer tasksPerNode;
        private Integer cpusPerTask;
        private Integer gpus;
        private Long memoryMb;
        private Duration timeLimit;
        private boolean hold;
        private Boolean requeue;
        private String array;
        private String dependency;

        private Builder(String script) {
            this.script = script;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder comment(String value) {
            this.comment = value;
            return this;
        }

        public Builder env(String key, String value) {
            this.environment.put(key, value);
            return this;
        }

        public Builder environment(Map<String, String> values) {
            this.environment.putAll(values);
            return this;
        }

        public Builder workdir(String value) {
            this.workdir = value;
            return this;
        }

        public Builder standardOutput(String value) {
            this.standardOutput = value;
            return this;
        }

        public Builder standardError(String value) {
            this.standardError = value;
            return this;
        }

        public Builder partition(String value) {
            this.partition = value;
            return this;
        }

        public Builder account(String value) {
            this.account = value;
            return this;
        }

        public Builder qos(String value) {
            this.qos = value;
            return this;
        }

        public Builder nodes(Integer value) {
            this.nodes = value;
            return this;
        }

        public Builder ntasks(Integer value) {
            this.ntasks = value;
            return this;
        }

        public Builder tasksPerNode(Integer value) {
            this.tasksPerNode = value;
            return this;
        }

        public Builder cpusPerTask(Integer value) {
            this.cpusPerTask = value;
            return this;
        }

        public Builder gpus(Integer value) {
            this.gpus = value;
            return this;
        }

        public Builder memoryMb(Long value) {
            this.memoryMb = value;
            return this;
        }

        public Builder timeLimit(Duration value) {
            this.timeLimit = value;
            return this;
        }

        public Builder hold(boolean value) {
            this.hold = value;
            return this;
        }

        public Builder requeue(Boolean value) {
            this.requeue = value;
            return this;
        }

        public Builder array(String value) {
            this.array = value;
            return this;
        }

        public Builder dependency(String value) {
            this.dependency = value;
            return this;
        }

        public JobSubmission build() {
            return new JobSubmission(
                    script,
                    name,
                    comment,
                    environment,
                    workdir,
                    standardOutput,
                    standardError,
                    partition,
                    account,
                    qos,
                    nodes,
                    ntasks,
                    tasksPerNode,
                    cpusPerTask,
                    gpus,
                    memoryMb,
                    timeLimit,
                    hold,
                    requeue,
                    array,
                    dependency);
        }
    }
}
