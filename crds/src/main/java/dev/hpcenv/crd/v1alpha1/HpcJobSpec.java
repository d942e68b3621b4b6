package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run (command in an environment), where (a SlurmCluster) and with what resources. There is
 * deliberately no field for the Slurm user: the namespace decides it through the SlurmCluster's
 * userMappings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "environmentRef",
    "environment",
    "clusterRef",
    "command",
    "args",
    "resources",
    "mpi",
    "workingDirectory",
    "output",
    "env",
    "requeue",
    "suspend",
    "services"
})
@ValidationRule(
        value = "has(self.environmentRef) != has(self.environment)",
        message = "set exactly one of environmentRef and environment")
public class HpcJobSpec {
    /**
     * Slurm holds a batch job after MaxBatchRequeue automatic requeues (5 by default, and compiled in
     * before Slurm 23.02), so a higher count could never be used on such a site.
     */
    public static final int MAX_REQUEUE = 5;

    /** Services of one job at most (spec.services). */
    public static final int MAX_SERVICES = 16;

    @JsonPropertyDescription("The environment to run in, by name. Exactly one of environmentRef and environment.")
    private EnvironmentRef environmentRef;

    @JsonPropertyDescription("The environment to run in, written inline like an HpcEnvironment's spec (its "
            + "baseEnvironments may name HpcEnvironments of this namespace and ClusterHpcEnvironments). "
            + "Exactly one of environmentRef and environment.")
    private EnvironmentSpec environment;

    @Required
    @JsonPropertyDescription("The SlurmCluster that runs the job.")
    private ClusterRef clusterRef;

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("Program and arguments run in the container on every task, as an argv (no shell): "
            + "use [sh, -c, '...'] for shell syntax.")
    private List<String> command = new ArrayList<>();

    @JsonPropertyDescription("Further arguments appended to command.")
    private List<String> args = new ArrayList<>();

    @JsonPropertyDescription("Nodes, tasks, CPUs, GPUs, memory, time and where to charge them.")
    private JobResources resources;

    @Default("none")
    @JsonPropertyDescription(
            "PMI flavour srun starts the tasks with: none, pmi2 (MPICH, Cray MPICH) or pmix (Open MPI).")
    private MpiType mpi = MpiType.NONE;

    @JsonPropertyDescription("Working directory of the tasks in the container; the environment's workdir when unset. "
            + "May use variables of the job environment, e.g. ${SCRATCH}/run1.")
    private String workingDirectory;

    @JsonPropertyDescription("File on the cluster that receives stdout and stderr (sbatch --output; Slurm patterns "
            + "such as %j work). Slurm's default, slurm-%j.out in the submit directory, when unset.")
    private String output;

    @JsonPropertyDescription("Variables set for the job and in the container, on top of the environment's env. Values "
            + "are passed as data, never through a shell.")
    private Map<String, String> env = new LinkedHashMap<>();

    @Min(0)
    @Max(MAX_REQUEUE)
    @Default("0")
    @JsonPropertyDescription("How many times Slurm may requeue the job after a node failure: it then runs again "
            + "from the start, on the nodes Slurm gives it (status.attempts counts the runs). 0, the default, ends "
            + "the HpcJob Failed with reason NodeFail at the first node failure. At most 5: Slurm holds a batch job "
            + "after MaxBatchRequeue (5 by default) automatic requeues. A job requeued more often than this (e.g. "
            + "by an admin) is cancelled and ends Failed with reason NodeFail.")
    private Integer requeue = 0;

    @Default("false")
    @JsonPropertyDescription("True holds the job back: it is not submitted, and a submitted job that has not ended is "
            + "cancelled. Setting it back to false submits the job afresh.")
    private Boolean suspend = false;

    // Left out when empty: a job without services reads and writes as before.
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @Size(max = MAX_SERVICES)
    @JsonPropertyDescription("Programs run beside the tasks, each in its own container on its placement's nodes: "
            + "started before the tasks, stopped after them (names unique; at most 16). See docs/workflows.md.")
    private List<JobService> services = new ArrayList<>();

    public EnvironmentRef getEnvironmentRef() {
        return environmentRef;
    }

    public void setEnvironmentRef(EnvironmentRef environmentRef) {
        this.environmentRef = environmentRef;
    }

    public EnvironmentSpec getEnvironment() {
        return environment;
    }

    public void setEnvironment(EnvironmentSpec environment) {
        this.environment = environment;
    }

    public ClusterRef getClusterRef() {
        return clusterRef;
    }

    public void setClusterRef(ClusterRef clusterRef) {
        this.clusterRef = clusterRef;
    }

    public List<String> getCommand() {
        return command;
    }

    public void setCommand(List<String> command) {
        this.command = command == null ? new ArrayList<>() : command;
    }

    public List<String> getArgs() {
        return args;
    }

    public void setArgs(List<String> args) {
        this.args = args == null ? new ArrayList<>() : args;
    }

    public JobResources getResources() {
        return resources;
    }

    public void setResources(JobResources resources) {
        this.resources = resources;
    }

    public MpiType getMpi() {
        return mpi;
    }

    public void setMpi(MpiType mpi) {
        this.mpi = mpi;
    }

    public String getWorkingDirectory() {
        return workingDirectory;
    }

    public void setWorkingDirectory(String workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    public String getOutput() {
        return output;
    }

    public void setOutput(String output) {
        this.output = output;
    }

    public Map<String, String> getEnv() {
        return env;
    }

    public void setEnv(Map<String, String> env) {
        this.env = env == null ? new LinkedHashMap<>() : env;
    }

    public Integer getRequeue() {
        return requeue;
    }

    public void setRequeue(Integer requeue) {
        this.requeue = requeue;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public List<JobService> getServices() {
        return services;
    }

    public void setServices(List<JobService> services) {
        this.services = services == null ? new ArrayList<>() : services;
    }
}
