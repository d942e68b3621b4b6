package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** The elements of a job array by state, from the operator's one listing per sync. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"total", "pending", "running", "succeeded", "failed", "cancelled", "failedIndexes"})
public class ArrayStatus {
    /** failedIndexes holds at most this many entries, the lowest indexes. */
    public static final int MAX_FAILED_INDEXES = 64;

    @Min(0)
    @Max(Integer.MAX_VALUE)
    @JsonPropertyDescription("Elements in spec.array.")
    private Integer total;

    @Min(0)
    @Max(Integer.MAX_VALUE)
    @JsonPropertyDescription("Elements not started yet.")
    private Integer pending;

    @Min(0)
    @Max(Integer.MAX_VALUE)
    @JsonPropertyDescription("Elements running (or completing).")
    private Integer running;

    @Min(0)
    @Max(Integer.MAX_VALUE)
    @JsonPropertyDescription("Elements that ended with exit code 0.")
    private Integer succeeded;

    @Min(0)
    @Max(Integer.MAX_VALUE)
    @JsonPropertyDescription("Elements that ended in any other way than success or cancellation.")
    private Integer failed;

    @Min(0)
    @Max(Integer.MAX_VALUE)
    @JsonPropertyDescription("Elements cancelled.")
    private Integer cancelled;

    @Size(max = MAX_FAILED_INDEXES)
    @JsonPropertyDescription("The failed elements with their exit codes, in index order; at most 64 (the lowest "
            + "indexes), `failed` counts them all.")
    private List<ArrayFailedIndex> failedIndexes = new ArrayList<>();

    public Integer getTotal() {
        return total;
    }

    public void setTotal(Integer total) {
        this.total = total;
    }

    public Integer getPending() {
        return pending;
    }

    public void setPending(Integer pending) {
        this.pending = pending;
    }

    public Integer getRunning() {
        return running;
    }

    public void setRunning(Integer running) {
        this.running = running;
    }

    public Integer getSucceeded() {
        return succeeded;
    }

    public void setSucceeded(Integer succeeded) {
        this.succeeded = succeeded;
    }

    public Integer getFailed() {
        return failed;
    }

    public void setFailed(Integer failed) {
        this.failed = failed;
    }

    public Integer getCancelled() {
        return cancelled;
    }

    public void setCancelled(Integer cancelled) {
        this.cancelled = cancelled;
    }

    public List<ArrayFailedIndex> getFailedIndexes() {
        return failedIndexes;
    }

    public void setFailedIndexes(List<ArrayFailedIndex> failedIndexes) {
        this.failedIndexes = failedIndexes == null ? new ArrayList<>() : failedIndexes;
    }
}
