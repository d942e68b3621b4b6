package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hpcenv.crd.CrdPatterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Another HpcJob of the same namespace that must end, in the given way, before this one starts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "condition"})
public class JobDependency {
    @Required
    @Size(max = 253)
    @Pattern(CrdPatterns.OBJECT_NAME)
    @JsonPropertyDescription("Name of an HpcJob in this namespace. A name that does not exist yet is waited for "
            + "(reason DependencyMissing), as GitOps may apply it later.")
    private String name;

    @Default("Succeeded")
    @JsonPropertyDescription("Succeeded (default; Slurm's afterok): the other job must succeed, and its failure "
            + "fails this one with reason DependencyFailed. Completed (afterany): the other job must end, in any way.")
    private DependencyCondition condition = DependencyCondition.SUCCEEDED;

    public JobDependency() {}

    public JobDependency(String name, DependencyCondition condition) {
        this.name = name;
        this.condition = condition;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public DependencyCondition getCondition() {
        return condition;
    }

    public void setCondition(DependencyCondition condition) {
        this.condition = condition;
    }
}
