package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/** One task of the job: where it ran and how it ended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"task", "node", "attempt", "started", "exitCode"})
public class TaskItem {
    @Min(0)
    @Max(2_147_483_647)
    @JsonPropertyDescription("The task's number (SLURM_PROCID).")
    private Integer task;

    @Size(max = 253)
    @JsonPropertyDescription("The node it ran on.")
    private String node;

    @Min(1)
    @Max(65_536)
    @JsonPropertyDescription("The run of the job it belongs to (see status.attempts).")
    private Integer attempt;

    @JsonPropertyDescription("Its container started.")
    private Boolean started;

    @Min(0)
    @Max(255)
    @JsonPropertyDescription("Its exit code, once it ended (the shim's own code when it could not start it).")
    private Integer exitCode;

    public TaskItem() {}

    public TaskItem(int task, String node, int attempt, Boolean started, Integer exitCode) {
        this.task = task;
        this.node = node;
        this.attempt = attempt;
        this.started = started;
        this.exitCode = exitCode;
    }

    public Integer getTask() {
        return task;
    }

    public void setTask(Integer task) {
        this.task = task;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public Integer getAttempt() {
        return attempt;
    }

    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    public Boolean getStarted() {
        return started;
    }

    public void setStarted(Boolean started) {
        this.started = started;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public void setExitCode(Integer exitCode) {
        this.exitCode = exitCode;
    }
}
