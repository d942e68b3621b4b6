package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * When a service counts as ready: the job's tasks on its node start only then. Checked on the node by
 * hpcenv-shim every periodSeconds until it succeeds or timeoutSeconds pass (docs/workflows.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"command", "tcpPort", "timeoutSeconds", "periodSeconds"})
@ValidationRule(value = "has(self.command) != has(self.tcpPort)", message = "set exactly one of command and tcpPort")
public class ServiceReadiness {
    public static final int MAX_TIMEOUT_SECONDS = 3600;

    @Size(min = 1, max = 64)
    @JsonPropertyDescription("Program and arguments run in the service's container, as an argv (no shell); exit "
            + "code 0 means ready. Exactly one of command and tcpPort.")
    private List<String> command;

    @Min(1)
    @Max(65_535)
    @JsonPropertyDescription("A TCP port on 127.0.0.1 of the node: ready once a connection succeeds. Exactly one of "
            + "command and tcpPort.")
    private Integer tcpPort;

    @Required
    @Min(1)
    @Max(MAX_TIMEOUT_SECONDS)
    @JsonPropertyDescription("How long the check may take to succeed, from the service's start (1 to 3600); the job "
            + "then fails with reason ServiceNotReady.")
    private Integer timeoutSeconds;

    @Min(1)
    @Max(60)
    @Default("1")
    @JsonPropertyDescription("Seconds between two checks (1 to 60).")
    private Integer periodSeconds = 1;

    public List<String> getCommand() {
        return command;
    }

    public void setCommand(List<String> command) {
        this.command = command;
    }

    public Integer getTcpPort() {
        return tcpPort;
    }

    public void setTcpPort(Integer tcpPort) {
        this.tcpPort = tcpPort;
    }

    public Integer getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Integer timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public Integer getPeriodSeconds() {
        return periodSeconds;
    }

    public void setPeriodSeconds(Integer periodSeconds) {
        this.periodSeconds = periodSeconds;
    }
}
