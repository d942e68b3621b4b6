package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/** The site layer an HpcJob's environment was resolved with: its cluster's siteEnvironment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "digest"})
public class AppliedSiteEnvironment {
    @JsonPropertyDescription("Name of the ClusterHpcEnvironment.")
    private String name;

    @JsonPropertyDescription("Its status.digest when it was applied.")
    private String digest;

    public AppliedSiteEnvironment() {}

    public AppliedSiteEnvironment(String name, String digest) {
        this.name = name;
        this.digest = digest;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDigest() {
        return digest;
    }

    public void setDigest(String digest) {
        this.digest = digest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AppliedSiteEnvironment a
                && Objects.equals(name, a.name)
                && Objects.equals(digest, a.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, digest);
    }

    @Override
    public String toString() {
        return "ClusterHpcEnvironment/" + name + "@" + digest;
    }
}
