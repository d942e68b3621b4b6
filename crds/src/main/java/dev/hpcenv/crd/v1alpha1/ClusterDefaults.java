package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hpcenv.crd.CrdPatterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Values a SlurmCluster fills in for HpcJobs that leave them unset. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"partition", "account", "qos", "timeLimit", "shimPath"})
public class ClusterDefaults {
    @Pattern(CrdPatterns.SLURM_NAMES)
    @JsonPropertyDescription("Partition for jobs that name none; Slurm's default partition when unset.")
    private String partition;

    @Pattern(CrdPatterns.SLURM_NAMES)
    @JsonPropertyDescription("Account for jobs whose spec and user mapping name none.")
    private String account;

    @Pattern(CrdPatterns.SLURM_NAMES)
    @JsonPropertyDescription("QOS for jobs that name none.")
    private String qos;

    @Size(min = 1, max = 32)
    @Pattern(CrdPatterns.DURATION)
    @ValidationRule(value = CrdPatterns.NOT_ZERO_DURATION_RULE, message = "a time limit must be longer than zero")
    @JsonPropertyDescription("Time limit for jobs that set none, as a duration such as 1h or 2d12h; the partition's "
            + "default when unset.")
    private String timeLimit;

    @Size(min = 1)
    @Pattern("^/.*$")
    @JsonPropertyDescription("Absolute path of the hpcenv-shim launcher on the compute nodes; the batch script looks "
            + "it up in PATH when unset.")
    private String shimPath;

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

    public String getTimeLimit() {
        return timeLimit;
    }

    public void setTimeLimit(String timeLimit) {
        this.timeLimit = timeLimit;
    }

    public String getShimPath() {
        return shimPath;
    }

    public void setShimPath(String shimPath) {
        this.shimPath = shimPath;
    }
}
