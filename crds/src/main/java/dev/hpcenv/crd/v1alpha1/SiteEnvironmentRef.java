package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.hpcenv.crd.CrdPatterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** Names the ClusterHpcEnvironment a SlurmCluster puts beneath the environment of every job it runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SiteEnvironmentRef {
    @Required
    @Size(max = 253)
    @Pattern(CrdPatterns.OBJECT_NAME)
    @JsonPropertyDescription("Name of the ClusterHpcEnvironment.")
    private String name;

    public SiteEnvironmentRef() {}

    public SiteEnvironmentRef(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SiteEnvironmentRef r && Objects.equals(name, r.name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    @Override
    public String toString() {
        return "ClusterHpcEnvironment/" + name;
    }
}
