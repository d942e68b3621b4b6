package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** One service on one node of the job, as the node's supervisor reported it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "node", "state", "exitCode", "output", "message"})
public class ServiceState {
    @Size(max = JobService.MAX_NAME)
    @JsonPropertyDescription("The service's name (spec.services[].name).")
    private String name;

    @Size(max = 253)
    @JsonPropertyDescription("The node it runs or ran on.")
    private String node;

    @JsonPropertyDescription("Starting, Ready, Running, Exited (ended while the tasks ran), NotReady or Stopped.")
    private ServicePhase state;

    @Min(0)
    @Max(255)
    @JsonPropertyDescription("Its exit code, once it ended.")
    private Integer exitCode;

    @Size(max = 4096)
    @JsonPropertyDescription("The file on the cluster that holds its stdout and stderr.")
    private String output;

    @Size(max = 1024)
    @JsonPropertyDescription("Why it is not ready, or how it ended.")
    private String message;

    public ServiceState() {}

    public ServiceState(String name, String node, ServicePhase state, Integer exitCode, String output, String message) {
        this.name = name;
        this.node = node;
        this.state = state;
        this.exitCode = exitCode;
        this.output = output;
        this.message = message;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public ServicePhase getState() {
        return state;
    }

    public void setState(ServicePhase state) {
        this.state = state;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public void setExitCode(Integer exitCode) {
        this.exitCode = exitCode;
    }

    public String getOutput() {
        return output;
    }

    public void setOutput(String output) {
        this.output = output;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceState s
                && Objects.equals(name, s.name)
                && Objects.equals(node, s.node)
                && state == s.state
                && Objects.equals(exitCode, s.exitCode)
                && Objects.equals(output, s.output)
                && Objects.equals(message, s.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, node, state, exitCode, output, message);
    }

    @Override
    public String toString() {
        return name + "@" + node + ":" + state;
    }
}
