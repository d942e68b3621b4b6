package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** One element of a job array that failed, with how it ended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"index", "exitCode"})
public class ArrayFailedIndex {
    @Min(0)
    @Max(4_294_967_293L)
    @JsonPropertyDescription("The element's array index (SLURM_ARRAY_TASK_ID).")
    private Long index;

    @Min(0)
    @Max(255)
    @JsonPropertyDescription("Its exit code; absent when it ended by a signal or in a state without one.")
    private Integer exitCode;

    public ArrayFailedIndex() {}

    public ArrayFailedIndex(long index, Integer exitCode) {
        this.index = index;
        this.exitCode = exitCode;
    }

    public Long getIndex() {
        return index;
    }

    public void setIndex(Long index) {
        this.index = index;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public void setExitCode(Integer exitCode) {
        this.exitCode = exitCode;
    }
}
