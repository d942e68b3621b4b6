package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.model.ResolvedEnvironment;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Status of HpcEnvironment and ClusterHpcEnvironment: the environment with its bases merged in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EnvironmentStatus {
    @Min(0)
    @JsonPropertyDescription("The metadata.generation of the spec this status reflects.")
    private Long observedGeneration;

    @JsonPropertyDescription("The environment after merging every base, variables not yet expanded.")
    private ResolvedEnvironment resolved;

    @JsonPropertyDescription("sha256 of the resolved environment; changes whenever this environment or a base changes.")
    private String digest;

    @JsonPropertyDescription("Ready (reasons Resolved, BaseNotFound, BaseCycle, TooDeep, Invalid); see crds/README.md.")
    @Size(max = Condition.MAX_CONDITIONS)
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public ResolvedEnvironment getResolved() {
        return resolved;
    }

    public void setResolved(ResolvedEnvironment resolved) {
        this.resolved = resolved;
    }

    public String getDigest() {
        return digest;
    }

    public void setDigest(String digest) {
        this.digest = digest;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }
}
