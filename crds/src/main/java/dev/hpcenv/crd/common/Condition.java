package dev.hpcenv.crd.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** A Kubernetes-style condition, as read by kubectl wait, Argo CD and Flux. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "status", "reason", "message", "lastTransitionTime", "observedGeneration"})
public class Condition {
    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    /**
     * The most conditions a status may hold (maxItems of every conditions list). A real API server
     * multiplies the cost of the rule on {@code status} by the list's longest possible length, and
     * refuses the CRD over its CEL cost budget when the list is unbounded.
     */
    public static final int MAX_CONDITIONS = 16;

    // Bounds as in metav1.Condition (status: the longest of its three values). They also keep the API
    // server's cost estimate for the CEL rule on status small: an unbounded string in a list of
    // unbounded length would make it refuse the CRD.
    @Required
    @Size(max = 316)
    @JsonPropertyDescription("Condition type in PascalCase, e.g. Ready.")
    private String type;

    @Required
    @Size(max = 7)
    @JsonPropertyDescription("True, False or Unknown.")
    @ValidationRule(value = "self in ['True', 'False', 'Unknown']", message = "status must be True, False or Unknown")
    private String status;

    @Size(max = 1024)
    @JsonPropertyDescription("Machine-readable reason in CamelCase.")
    private String reason;

    @Size(max = 32768)
    @JsonPropertyDescription("Human-readable explanation.")
    private String message;

    @JsonPropertyDescription("When status last changed (RFC 3339); kept while the status stays the same.")
    private String lastTransitionTime;

    @Min(0)
    @JsonPropertyDescription("The metadata.generation this condition was computed for.")
    private Long observedGeneration;

    public Condition() {}

    public Condition(String type, String status, String reason, String message) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Condition c
                && Objects.equals(type, c.type)
                && Objects.equals(status, c.status)
                && Objects.equals(reason, c.reason)
                && Objects.equals(message, c.message)
                && Objects.equals(lastTransitionTime, c.lastTransitionTime)
                && Objects.equals(observedGeneration, c.observedGeneration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, reason, message, lastTransitionTime, observedGeneration);
    }
}
