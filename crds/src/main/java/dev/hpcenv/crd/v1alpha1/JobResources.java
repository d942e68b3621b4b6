package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hpcenv.crd.CrdPatterns;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What an HpcJob asks Slurm for. Unset fields are left to Slurm, or to the SlurmCluster's defaults
 * where it has one (partition, account, qos, timeLimit).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "nodes",
    "tasks",
    "tasksPerNode",
    "cpusPerTask",
    "gpus",
    "memory",
    "timeLimit",
    "partition",
    "account",
    "qos",
    "reservation",
    "constraints"
})
public class JobResources {
    // Ceilings far above any machine (Fugaku, the largest by node count, has 158,976 nodes and 7.6
    // million cores; today's largest nodes have under 1,000 CPUs and 16 GPUs), so a site never meets
    // them, yet low enough that the operator's arithmetic on them (nodes x tasks, tasks x CPUs)
    // cannot overflow and every value fits the Java Integer the operator reads it into.
    public static final int MAX_NODES = 1_000_000;
    public static final int MAX_TASKS = 100_000_000;
    // Slurm keeps these two in 16 bits, with 0xfffe and 0xffff meaning unset and unlimited.
    public static final int MAX_TASKS_PER_NODE = 65_533;
    public static final int MAX_CPUS_PER_TASK = 65_533;
    public static final int MAX_GPUS_PER_NODE = 1_024;

    @Min(1)
    @Max(MAX_NODES)
    @JsonPropertyDescription("Number of nodes (sbatch --nodes); Slurm's default, 1, when unset. At most 1000000, "
            + "more than any machine has.")
    private Integer nodes;

    @Min(1)
    @Max(MAX_TASKS)
    @JsonPropertyDescription(
            "Total number of tasks, i.e. processes started by srun (sbatch --ntasks). At most " + "100000000.")
    private Integer tasks;

    @Min(1)
    @Max(MAX_TASKS_PER_NODE)
    @JsonPropertyDescription(
            "Tasks on each node (sbatch --ntasks-per-node). At most 65533 (Slurm keeps it in 16 bits).")
    private Integer tasksPerNode;

    @Min(1)
    @Max(MAX_CPUS_PER_TASK)
    @JsonPropertyDescription(
            "CPUs for each task (sbatch --cpus-per-task). At most 65533 (Slurm keeps it in 16 bits), more than any node has.")
    private Integer cpusPerTask;

    @Min(0)
    @Max(MAX_GPUS_PER_NODE)
    @JsonPropertyDescription("GPUs on each node (sbatch --gpus-per-node). At most 1024, more than any node has.")
    private Integer gpus;

    @Pattern(CrdPatterns.MEMORY)
    @JsonPropertyDescription("Memory on each node (sbatch --mem) as a Kubernetes quantity with a unit, e.g. 500Mi, "
            + "64Gi or 16G; rounded up to whole MiB for Slurm. A bare number is refused: Slurm would read it as MB, "
            + "Kubernetes as bytes. 0 asks for all memory of each node, as --mem=0 does.")
    private String memory;

    @Size(min = 1, max = 32)
    @Pattern(CrdPatterns.DURATION)
    @ValidationRule(value = CrdPatterns.NOT_ZERO_DURATION_RULE, message = "a time limit must be longer than zero")
    @JsonPropertyDescription("Wall-clock limit as a duration of days, hours, minutes and seconds, largest unit first, "
            + "e.g. 30m, 1h30m, 2d12h; rounded up to whole minutes for Slurm (sbatch --time).")
    private String timeLimit;

    @Pattern(CrdPatterns.SLURM_NAMES)
    @JsonPropertyDescription("Slurm partition, or a comma-separated list of partitions (sbatch --partition).")
    private String partition;

    @Pattern(CrdPatterns.SLURM_NAMES)
    @JsonPropertyDescription("Slurm account to charge (sbatch --account); it must be one the namespace's Slurm user "
            + "may use. When unset, the account of the namespace's user mapping, then the cluster default.")
    private String account;

    @Pattern(CrdPatterns.SLURM_NAMES)
    @JsonPropertyDescription("Slurm quality of service (sbatch --qos).")
    private String qos;

    @Pattern(CrdPatterns.SLURM_NAMES)
    @JsonPropertyDescription("Slurm reservation to run in (sbatch --reservation).")
    private String reservation;

    @Size(min = 1)
    @JsonPropertyDescription(
            "Node features the nodes must have, in Slurm's syntax, e.g. gpu&a100 (sbatch --constraint).")
    private String constraints;

    public Integer getNodes() {
        return nodes;
    }

    public void setNodes(Integer nodes) {
        this.nodes = nodes;
    }

    public Integer getTasks() {
        return tasks;
    }

    public void setTasks(Integer tasks) {
        this.tasks = tasks;
    }

    public Integer getTasksPerNode() {
        return tasksPerNode;
    }

    public void setTasksPerNode(Integer tasksPerNode) {
        this.tasksPerNode = tasksPerNode;
    }

    public Integer getCpusPerTask() {
        return cpusPerTask;
    }

    public void setCpusPerTask(Integer cpusPerTask) {
        this.cpusPerTask = cpusPerTask;
    }

    public Integer getGpus() {
        return gpus;
    }

    public void setGpus(Integer gpus) {
        this.gpus = gpus;
    }

    public String getMemory() {
        return memory;
    }

    public void setMemory(String memory) {
        this.memory = memory;
    }

    public String getTimeLimit() {
        return timeLimit;
    }

    public void setTimeLimit(String timeLimit) {
        this.timeLimit = timeLimit;
    }

    public String getPartition() {
        return partition;
    }

    public void setPartition(String partition) {
        this.partition = partition;
    }

    public String getAccount() {
        return account;
    }

    public void setAccount(String account) {
        this.account = account;
    }

    public String getQos() {
        return qos;
    }

    public void setQos(String qos) {
        this.qos = qos;
    }

    public String getReservation() {
        return reservation;
    }

    public void setReservation(String reservation) {
        this.reservation = reservation;
    }

    public String getConstraints() {
        return constraints;
    }

    public void setConstraints(String constraints) {
        this.constraints = constraints;
    }
}
