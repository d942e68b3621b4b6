package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
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
    "services",
    "array",
    "dependsOn"
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
    /** Dependencies of one job at most: Slurm's dependency string grows with each. */
    public static final int MAX_DEPENDENCIES = 32;

    /**
     * Slurm's array syntax: indexes {@code N}, ranges {@code N-M}, steps {@code N-M:S}, comma lists, and a
     * limit of simultaneously running elements {@code %K}. Numbers have at most 10 digits so that the CEL
     * rules below can read them as int64.
     */
    public static final String ARRAY_PATTERN =
            "^[0-9]{1,10}(-[0-9]{1,10}(:[0-9]{1,10})?)?(,[0-9]{1,10}(-[0-9]{1,10}(:[0-9]{1,10})?)?)*(%[0-9]{1,10})?$";

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

    @Size(max = 256)
    @Pattern(ARRAY_PATTERN)
    @ValidationRule(
            value = "!self.matches('%0+$')",
            message = "array: %0 would never run an element; %K needs K >= 1 (e.g. 0-99%10)")
    @ValidationRule(
            value = "self.split('%')[0].split(',').all(r, !r.contains('-') || "
                    + "int(r.split(':')[0].split('-')[0]) <= int(r.split(':')[0].split('-')[1]))",
            message = "array: a range N-M needs N <= M (e.g. 0-99)")
    @ValidationRule(
            value = "self.split('%')[0].split(',').all(r, !r.contains(':') || int(r.split(':')[1]) >= 1)",
            message = "array: a step N-M:S needs S >= 1 (e.g. 0-15:4)")
    @JsonPropertyDescription("Run the job as a Slurm job array, in Slurm's syntax: 0-99 (indexes 0 to 99), 1,3,5-7, "
            + "0-15:4 (every 4th), and %K to run at most K elements at once (0-99%10). One Slurm array, one "
            + "submission; the container sees SLURM_ARRAY_TASK_ID and HPCENV_ARRAY_INDEX. The site's MaxArraySize "
            + "bounds the indexes (Slurm's refusal shows as condition Accepted False, reason ArrayRefused).")
    private String array;

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @Size(max = MAX_DEPENDENCIES)
    @ValidationRule(
            value = "self.all(d, self.exists_one(e, e.name == d.name))",
            message = "dependsOn: each name at most once")
    @JsonPropertyDescription("HpcJobs of this namespace that must end first (at most 32). On the same SlurmCluster "
            + "the job is submitted at once with a Slurm dependency (afterok/afterany); otherwise the operator "
            + "waits (reason WaitingForDependency). A failed dependency fails this job (DependencyFailed); cycles, "
            + "a job naming itself included, are refused (DependencyCycle).")
    private List<JobDependency> dependsOn = new ArrayList<>();

    public String getArray() {
        return array;
    }

    public void setArray(String array) {
        this.array = array;
    }

    public List<JobDependency> getDependsOn() {
        return dependsOn;
    }

    public void setDependsOn(List<JobDependency> dependsOn) {
        this.dependsOn = dependsOn == null ? new ArrayList<>() : dependsOn;
    }

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
