package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hpcenv.crd.CrdPatterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A program that runs beside the job's tasks, in its own container, on the placement's nodes: it
 * starts before the tasks and is stopped after them (docs/workflows.md, section 2).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "name",
    "command",
    "environmentRef",
    "env",
    "placement",
    "ready",
    "required",
    "terminationGracePeriodSeconds",
    "output"
})
public class JobService {
    /** A service name is a DNS label: it names files and state records on the nodes. */
    public static final int MAX_NAME = 63;

    @Required
    @Size(max = MAX_NAME)
    @Pattern(CrdPatterns.NAMESPACE)
    @JsonPropertyDescription("The service's name, a DNS label unique in the job; it names the service in status, "
            + "Events and its output file.")
    private String name;

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("Program and arguments run in the service's container, as an argv (no shell).")
    private List<String> command = new ArrayList<>();

    @JsonPropertyDescription("The environment the service runs in; the job's environment when unset.")
    private EnvironmentRef environmentRef;

    @JsonPropertyDescription("Variables set in the service's container, on top of its environment's env.")
    private Map<String, String> env = new LinkedHashMap<>();

    @Default("everyNode")
    @JsonPropertyDescription("everyNode (default): one on each node of the job; firstNode: one on the first node.")
    private ServicePlacement placement = ServicePlacement.EVERY_NODE;

    @JsonPropertyDescription("A readiness check: the tasks on the service's node start once it succeeds.")
    private ServiceReadiness ready;

    @Default("false")
    @JsonPropertyDescription("True: the job fails (reason ServiceFailed) when the service ends while the tasks run. "
            + "False (default): it goes on, and condition ServicesHealthy says the service ended.")
    private Boolean required = false;

    @Min(0)
    @Max(300)
    @Default("10")
    @JsonPropertyDescription("Seconds between SIGTERM and SIGKILL when the service is stopped (0 to 300).")
    private Integer terminationGracePeriodSeconds = 10;

    @Size(max = 4096)
    @JsonPropertyDescription("File for the service's stdout and stderr, relative to the job's working directory: %j "
            + "job id, %N node name, %n node index, %x service name, %% a percent sign. Default "
            + "hpcenv-%j-%x-%N.out.")
    private String output;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<String> getCommand() {
        return command;
    }

    public void setCommand(List<String> command) {
        this.command = command == null ? new ArrayList<>() : command;
    }

    public EnvironmentRef getEnvironmentRef() {
        return environmentRef;
    }

    public void setEnvironmentRef(EnvironmentRef environmentRef) {
        this.environmentRef = environmentRef;
    }

    public Map<String, String> getEnv() {
        return env;
    }

    public void setEnv(Map<String, String> env) {
        this.env = env == null ? new LinkedHashMap<>() : env;
    }

    public ServicePlacement getPlacement() {
        return placement;
    }

    public void setPlacement(ServicePlacement placement) {
        this.placement = placement;
    }

    public ServiceReadiness getReady() {
        return ready;
    }

    public void setReady(ServiceReadiness ready) {
        this.ready = ready;
    }

    public Boolean getRequired() {
        return required;
    }

    public void setRequired(Boolean required) {
        this.required = required;
    }

    public Integer getTerminationGracePeriodSeconds() {
        return terminationGracePeriodSeconds;
    }

    public void setTerminationGracePeriodSeconds(Integer terminationGracePeriodSeconds) {
        this.terminationGracePeriodSeconds = terminationGracePeriodSeconds;
    }

    public String getOutput() {
        return output;
    }

    public void setOutput(String output) {
        this.output = output;
    }
}
