package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Counts of the job's tasks by what their shims reported, and the first tasks one by one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"started", "ended", "failed", "items"})
public class TaskProgress {
    public static final int MAX_ITEMS = 64;

    @Min(0)
    @Max(2_147_483_647)
    @JsonPropertyDescription("Tasks whose container started.")
    private Integer started;

    @Min(0)
    @Max(2_147_483_647)
    @JsonPropertyDescription("Tasks that ended.")
    private Integer ended;

    @Min(0)
    @Max(2_147_483_647)
    @JsonPropertyDescription("Tasks that ended with an exit code other than 0.")
    private Integer failed;

    @Size(max = MAX_ITEMS)
    @JsonPropertyDescription("The first 64 tasks by task number: node, task, and exit code once ended.")
    private List<TaskItem> items = new ArrayList<>();

    public Integer getStarted() {
        return started;
    }

    public void setStarted(Integer started) {
        this.started = started;
    }

    public Integer getEnded() {
        return ended;
    }

    public void setEnded(Integer ended) {
        this.ended = ended;
    }

    public Integer getFailed() {
        return failed;
    }

    public void setFailed(Integer failed) {
        this.failed = failed;
    }

    public List<TaskItem> getItems() {
        return items;
    }

    public void setItems(List<TaskItem> items) {
        this.items = items == null ? new ArrayList<>() : items;
    }
}
