package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hpcenv.crd.CrdPatterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** Points an HpcJob at a named environment: an HpcEnvironment in the job's namespace or a ClusterHpcEnvironment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "kind"})
public class EnvironmentRef {
    @Required
    @Size(max = 253)
    @Pattern(CrdPatterns.OBJECT_NAME)
    @JsonPropertyDescription("Name of the environment.")
    private String name;

    @Default("HpcEnvironment")
    @JsonPropertyDescription("HpcEnvironment (default: in the job's namespace) or ClusterHpcEnvironment.")
    private EnvironmentKind kind = EnvironmentKind.HPC_ENVIRONMENT;

    public EnvironmentRef() {}

    public EnvironmentRef(String name, EnvironmentKind kind) {
        this.name = name;
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public EnvironmentKind getKind() {
        return kind;
    }

    public void setKind(EnvironmentKind kind) {
        this.kind = kind;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnvironmentRef r && Objects.equals(name, r.name) && kind == r.kind;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind);
    }

    @Override
    public String toString() {
        return kind.wire() + "/" + name;
    }
}
