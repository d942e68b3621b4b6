package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hpcenv.crd.common.Condition;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What the operator last saw of a Slurm cluster; written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "reachable",
    "slurmVersion",
    "apiVersion",
    "offeredApiVersions",
    "partitions",
    "lastSyncTime",
    "message",
    "observedGeneration",
    "conditions"
})
public class SlurmClusterStatus {
    @JsonPropertyDescription("Whether the last request to slurmrestd succeeded.")
    private Boolean reachable;

    @JsonPropertyDescription("Slurm release reported by slurmrestd, e.g. 24.05.4.")
    private String slurmVersion;

    @JsonPropertyDescription("OpenAPI version in use, e.g. v0.0.41 (the detected one when spec.apiVersion is auto).")
    private String apiVersion;

    @JsonPropertyDescription(
            "OpenAPI versions the server offers, oldest first, including any this operator does not speak.")
    @Size(max = 32)
    private List<String> offeredApiVersions = new ArrayList<>();

    @JsonPropertyDescription("Partitions the cluster offers.")
    private List<String> partitions = new ArrayList<>();

    @JsonPropertyDescription("When the jobs were last listed successfully (RFC 3339).")
    private String lastSyncTime;

    @JsonPropertyDescription("Human-readable summary of the latest problem, if any.")
    private String message;

    @Min(0)
    @JsonPropertyDescription("The metadata.generation of the spec this status reflects.")
    private Long observedGeneration;

    @JsonPropertyDescription("Reachable, ApiVersionCurrent and Ready; see crds/README.md.")
    @Size(max = Condition.MAX_CONDITIONS)
    private List<Condition> conditions = new ArrayList<>();

    public Boolean getReachable() {
        return reachable;
    }

    public void setReachable(Boolean reachable) {
        this.reachable = reachable;
    }

    public String getSlurmVersion() {
        return slurmVersion;
    }

    public void setSlurmVersion(String slurmVersion) {
        this.slurmVersion = slurmVersion;
    }

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public List<String> getOfferedApiVersions() {
        return offeredApiVersions;
    }

    public void setOfferedApiVersions(List<String> offeredApiVersions) {
        this.offeredApiVersions = offeredApiVersions == null ? new ArrayList<>() : offeredApiVersions;
    }

    public List<String> getPartitions() {
        return partitions;
    }

    public void setPartitions(List<String> partitions) {
        this.partitions = partitions == null ? new ArrayList<>() : partitions;
    }

    public String getLastSyncTime() {
        return lastSyncTime;
    }

    public void setLastSyncTime(String lastSyncTime) {
        this.lastSyncTime = lastSyncTime;
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
}
