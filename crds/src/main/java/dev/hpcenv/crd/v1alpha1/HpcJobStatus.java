package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hpcenv.crd.common.Condition;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of an HpcJob's Slurm job; written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "phase",
    "cluster",
    "slurmJobId",
    "slurmState",
    "slurmReason",
    "nodes",
    "attempts",
    "submitTime",
    "startTime",
    "endTime",
    "exitCode",
    "signal",
    "environmentDigest",
    "siteEnvironment",
    "message",
    "progress",
    "outputTail",
    "services",
    "array",
    "observedGeneration",
    "conditions"
})
public class HpcJobStatus {
    /** Characters of status.outputTail at most: 2 KiB of text, each character up to 2 UTF-16 units. */
    public static final int OUTPUT_TAIL_MAX = 4096;
    /** Entries of status.services at most: a service on each of many nodes is summarised, not listed. */
    public static final int MAX_SERVICES = 64;

    @JsonPropertyDescription("Pending, Submitted, Running, Succeeded, Failed or Cancelled; the last three are final.")
    private HpcJobPhase phase;

    @JsonPropertyDescription("The SlurmCluster the job was placed on (spec.clusterRef); chosen once, before the job "
            + "is submitted, and never changed for a submitted job.")
    private String cluster;

    // Slurm job ids are 32-bit unsigned numbers (uint32_t in slurm.h).
    @Min(1)
    @Max(4_294_967_295L)
    @JsonPropertyDescription("The Slurm job id once submitted (1 to 4294967295, Slurm's 32-bit range).")
    private Long slurmJobId;

    @JsonPropertyDescription(
            "The job state as Slurm reports it, e.g. PENDING, RUNNING, COMPLETED, TIMEOUT, OUT_OF_MEMORY.")
    private String slurmState;

    @JsonPropertyDescription("Slurm's reason for the job's state (its state_reason), e.g. Priority, Resources, "
            + "PartitionNodeLimit or JobLaunchFailure; absent when Slurm gives none.")
    private String slurmReason;

    @JsonPropertyDescription("Nodes the job runs or ran on, expanded from Slurm's node list.")
    private List<String> nodes = new ArrayList<>();

    // Slurm counts requeues in 16 bits (restart_cnt); the first run is attempt 1.
    @Min(1)
    @Max(65_535)
    @JsonPropertyDescription("Which run of the Slurm job this is: 1 for the first, one more for each requeue after a "
            + "node failure (Slurm's restart count plus one); see spec.requeue.")
    private Integer attempts;

    @JsonPropertyDescription("When Slurm accepted the job (RFC 3339).")
    private String submitTime;

    @JsonPropertyDescription("When the job started running (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the job ended (RFC 3339).")
    private String endTime;

    @Min(0)
    @Max(255)
    @JsonPropertyDescription("Exit code of the job's batch step once it ended (0 to 255, as wait(2) reports it).")
    private Integer exitCode;

    @Min(0)
    @Max(255)
    @JsonPropertyDescription("Number of the signal that ended the job, when a signal did (0 to 255).")
    private Integer signal;

    @JsonPropertyDescription("status.digest of the environment the job was submitted with.")
    private String environmentDigest;

    @JsonPropertyDescription("The site layer beneath the job's environment: the siteEnvironment of its SlurmCluster, "
            + "with the digest it had; absent when the cluster has none.")
    private AppliedSiteEnvironment siteEnvironment;

    @JsonPropertyDescription("Human-readable summary of the latest transition or problem.")
    private String message;

    @JsonPropertyDescription("What the compute nodes reported: the image pull and the tasks (docs/job-output.md).")
    private JobProgress progress;

    @Size(max = OUTPUT_TAIL_MAX)
    @JsonPropertyDescription("The last lines the job's tasks wrote (at most 2 KiB, control characters shown as \\xNN), "
            + "refreshed every 15 s while it runs and at its end; `kubectl hpcenv logs` reads all of it.")
    private String outputTail;

    // Left out when empty: a job without services reads and writes as before.
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @Size(max = MAX_SERVICES)
    @JsonPropertyDescription("Each service on each node (spec.services), as the nodes reported it; at most 64.")
    private List<ServiceState> services = new ArrayList<>();

    @JsonPropertyDescription("For a job array (spec.array): its elements by state and the failed indexes.")
    private ArrayStatus array;

    @Min(0)
    @JsonPropertyDescription("The metadata.generation of the spec this status reflects.")
    private Long observedGeneration;

    @JsonPropertyDescription("Accepted, EnvironmentReady, Submitted, Ready, Complete and Failed; see crds/README.md.")
    @Size(max = Condition.MAX_CONDITIONS)
    private List<Condition> conditions = new ArrayList<>();

    public HpcJobPhase getPhase() {
        return phase;
    }

    public void setPhase(HpcJobPhase phase) {
        this.phase = phase;
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public AppliedSiteEnvironment getSiteEnvironment() {
        return siteEnvironment;
    }

    public void setSiteEnvironment(AppliedSiteEnvironment siteEnvironment) {
        this.siteEnvironment = siteEnvironment;
    }

    public Long getSlurmJobId() {
        return slurmJobId;
    }

    public void setSlurmJobId(Long slurmJobId) {
        this.slurmJobId = slurmJobId;
    }

    public String getSlurmState() {
        return slurmState;
    }

    public void setSlurmState(String slurmState) {
        this.slurmState = slurmState;
    }

    public String getSlurmReason() {
        return slurmReason;
    }

    public void setSlurmReason(String slurmReason) {
        this.slurmReason = slurmReason;
    }

    public List<String> getNodes() {
        return nodes;
    }

    public void setNodes(List<String> nodes) {
        this.nodes = nodes == null ? new ArrayList<>() : nodes;
    }

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public String getSubmitTime() {
        return submitTime;
    }

    public void setSubmitTime(String submitTime) {
        this.submitTime = submitTime;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getEndTime() {
        return endTime;
    }

    public void setEndTime(String endTime) {
        this.endTime = endTime;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public void setExitCode(Integer exitCode) {
        this.exitCode = exitCode;
    }

    public Integer getSignal() {
        return signal;
    }

    public void setSignal(Integer signal) {
        this.signal = signal;
    }

    public String getEnvironmentDigest() {
        return environmentDigest;
    }

    public void setEnvironmentDigest(String environmentDigest) {
        this.environmentDigest = environmentDigest;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    public JobProgress getProgress() {
        return progress;
    }

    public void setProgress(JobProgress progress) {
        this.progress = progress;
    }

    public String getOutputTail() {
        return outputTail;
    }

    public void setOutputTail(String outputTail) {
        this.outputTail = outputTail;
    }

    public List<ServiceState> getServices() {
        return services;
    }

    public void setServices(List<ServiceState> services) {
        this.services = services == null ? new ArrayList<>() : services;
    }

    public ArrayStatus getArray() {
        return array;
    }

    public void setArray(ArrayStatus array) {
        this.array = array;
    }
}
