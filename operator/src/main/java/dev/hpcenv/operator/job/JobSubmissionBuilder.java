package dev.hpcenv.operator.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.crd.units.SlurmUnits;
import dev.hpcenv.crd.v1alpha1.ClusterDefaults;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.JobResources;
import dev.hpcenv.crd.v1alpha1.LogEndpoint;
import dev.hpcenv.crd.v1alpha1.MpiType;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.edf.merge.EnvOverlay;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.operator.environment.EnvironmentDigest;
import dev.hpcenv.operator.sync.JobMark;
import dev.hpcenv.slurm.JobSubmission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an HpcJob into a slurm-bridge submission: the constant {@link BatchScript}, the resolved
 * environment and the argv as data in the job environment, the HpcJob UID with this installation's
 * id as the comment ({@link JobMark}: the idempotency key and the orphan collector's mark), and the resources with the cluster's defaults. The Slurm user is not chosen
 * here: it is the client's, which the namespace's mapping picked.
 */
public final class JobSubmissionBuilder {

    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /**
     * Submits the job held ({@code sbatch --hold}): Slurm keeps it pending until {@code scontrol release}.
     * For benchmarks of the submit path, where running the jobs would only add noise.
     */
    public static final String HOLD_ANNOTATION = "hpcenv.dev/slurm-hold";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String batchWorkdir;
    private final String installation;
    private final LogShipping logShipping;

    /** A builder whose comments are bare HpcJob UIDs, marked by no installation (tests, benchmarks). */
    public JobSubmissionBuilder(String batchWorkdir) {
        this(batchWorkdir, null);
    }

    /**
     * @param batchWorkdir absolute directory on the nodes the batch script starts in (and Slurm's default output goes to)
     * @param installation this installation's id for the comment's mark; null for a bare UID
     */
    public JobSubmissionBuilder(String batchWorkdir, String installation) {
        this(batchWorkdir, installation, LogShipping.NONE);
    }

    /** @param logShipping the variables that send a job's output to the operator, when its cluster names an endpoint */
    public JobSubmissionBuilder(String batchWorkdir, String installation, LogShipping logShipping) {
        this.batchWorkdir = batchWorkdir;
        this.installation = installation;
        this.logShipping = logShipping;
    }

    /**
     * @throws SubmissionRefused when the spec, with the cluster's defaults, makes no submission Slurm
     *         and Linux can take (a value out of range, an environment too large); each problem names
     *         the field
     */
    public JobSubmission build(
            HpcJob job, ResolvedEnvironment environment, UserMapping mapping, ClusterDefaults defaults) {
        return build(job, environment, mapping, defaults, null);
    }

    /** @param logs the cluster's log endpoint ({@code spec.logs}), may be null */
    public JobSubmission build(
            HpcJob job,
            ResolvedEnvironment environment,
            UserMapping mapping,
            ClusterDefaults defaults,
            LogEndpoint logs) {
        return build(job, environment, Map.of(), mapping, defaults, logs, null);
    }

    /**
     * @param serviceEnvironments the resolved environments of the services that name their own
     *     ({@code spec.services[].environmentRef}), by service name
     * @param dependency Slurm's dependency expression for spec.dependsOn on the same cluster
     *     ({@link DependencyPlan}); null for none
     */
    public JobSubmission build(
            HpcJob job,
            ResolvedEnvironment environment,
            Map<String, ResolvedEnvironment> serviceEnvironments,
            UserMapping mapping,
            ClusterDefaults defaults,
            LogEndpoint logs,
            String dependency) {
        JobSubmission submission;
        try {
            submission = unchecked(job, environment, serviceEnvironments, mapping, defaults, logs, dependency);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new SubmissionRefused(
                    List.of(m.startsWith("spec") || m.startsWith("the SlurmCluster") ? m : "spec: " + m));
        }
        List<String> problems = SubmissionLimits.problems(job.getSpec(), submission.environment());
        if (!problems.isEmpty()) {
            throw new SubmissionRefused(problems);
        }
        return submission;
    }

    private JobSubmission unchecked(
            HpcJob job,
            ResolvedEnvironment environment,
            Map<String, ResolvedEnvironment> serviceEnvironments,
            UserMapping mapping,
            ClusterDefaults defaults,
            LogEndpoint logs,
            String dependency) {
        HpcJobSpec spec = job.getSpec();
        ClusterDefaults d = defaults == null ? new ClusterDefaults() : defaults;
        JobResources r = spec.getResources() == null ? new JobResources() : spec.getResources();
        List<String> argv = new ArrayList<>(spec.getCommand());
        argv.addAll(spec.getArgs());

        JobSubmission.Builder b = JobSubmission.builder(BatchScript.TEXT)
                .name(job.getMetadata().getNamespace() + "." + job.getMetadata().getName())
                .comment(JobMark.of(installation, job.getMetadata().getUid()).comment())
                .workdir(batchWorkdir)
                .env("PATH", PATH)
                .env(BatchScript.SPEC_VARIABLE, EnvironmentDigest.json(containerEnvironment(environment, spec)))
                .env(BatchScript.ARGV_VARIABLE, json(argv))
                .env(BatchScript.MPI_VARIABLE, (spec.getMpi() == null ? MpiType.NONE : spec.getMpi()).wire())
                .env(
                        "HPCENV_HPCJOB",
                        job.getMetadata().getNamespace() + "/"
                                + job.getMetadata().getName());
        ServicesVariable.of(spec.getServices(), serviceEnvironments, spec.getOutput())
                .ifPresent(services -> b.env(ServicesVariable.NAME, services));
        logShipping.variables(job, logs).forEach(b::env);
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        b.hold(annotations != null && "true".equals(annotations.get(HOLD_ANNOTATION)));
        // Always said: left out, Slurm's JobRequeue (1 by default) would requeue a job that asked for none.
        b.requeue(RequeueLimit.of(spec) > 0);
        // One Slurm array, one submission: every element runs this same script with its SLURM_ARRAY_TASK_ID.
        b.array(spec.getArray());
        b.dependency(dependency);
        if (d.getShimPath() != null) {
            b.env(BatchScript.SHIM_VARIABLE, d.getShimPath());
        }
        if (spec.getOutput() != null) {
            b.standardOutput(spec.getOutput());
        }
        b.partition(first(r.getPartition(), d.getPartition()))
                .account(first(r.getAccount(), mapping.getAccount(), d.getAccount()))
                .qos(first(r.getQos(), d.getQos()))
                .nodes(r.getNodes())
                .ntasks(r.getTasks())
                .tasksPerNode(r.getTasksPerNode())
                .cpusPerTask(r.getCpusPerTask())
                .gpus(r.getGpus());
        if (r.getMemory() != null) {
            b.memoryMb(field("spec.resources.memory", () -> SlurmUnits.memoryMebibytes(r.getMemory())));
        }
        if (r.getTimeLimit() != null) {
            b.timeLimit(Duration.ofMinutes(
                    field("spec.resources.timeLimit", () -> SlurmUnits.durationMinutes(r.getTimeLimit()))));
        } else if (d.getTimeLimit() != null) {
            b.timeLimit(Duration.ofMinutes(field(
                    "the SlurmCluster's spec.defaults.timeLimit", () -> SlurmUnits.durationMinutes(d.getTimeLimit()))));
        }
        return b.build();
    }

    /**
     * The environment the container gets: the resolved one with the job's env on top, by the EDF merge
     * ({@link EnvOverlay}), and the job's working directory. Only the container sees
     * these variables; the batch script's own environment is the operator's alone.
     */
    static ResolvedEnvironment containerEnvironment(ResolvedEnvironment resolved, HpcJobSpec spec) {
        ResolvedEnvironment env;
        try {
            env = JSON.readValue(JSON.writeValueAsBytes(resolved), ResolvedEnvironment.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a resolved environment could not be copied", e);
        }
        EnvOverlay.apply(env, spec.getEnv());
        if (spec.getWorkingDirectory() != null) {
            env.setWorkdir(spec.getWorkingDirectory());
        }
        return env;
    }

    /** A conversion whose refusal names the field it came from. */
    private static long field(String name, java.util.function.LongSupplier conversion) {
        try {
            return conversion.getAsLong();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    private static String json(List<String> argv) {
        try {
            return JSON.writeValueAsString(argv);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("argv could not be written as JSON", e);
        }
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
