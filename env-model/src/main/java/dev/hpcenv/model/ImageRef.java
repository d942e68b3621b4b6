package dev.hpcenv.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/** A registry image reference taken apart: {@code [USER@][REGISTRY#|REGISTRY/]REPOSITORY[:TAG][@DIGEST]}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"registry", "repository", "tag", "digest", "user"})
public class ImageRef {
    @JsonPropertyDescription("Registry host[:port]; docker.io when the reference names none.")
    private String registry;

    @JsonPropertyDescription("Repository path; library/NAME for a single-component Docker Hub name.")
    private String repository;

    @JsonPropertyDescription("Tag; latest when neither tag nor digest is given.")
    private String tag;

    @JsonPropertyDescription("Content digest (sha256:...) when the reference pins one.")
    private String digest;

    @JsonPropertyDescription("Registry user, from the USER@ prefix.")
    private String user;

    public ImageRef() {}

    public ImageRef(String registry, String repository, String tag, String digest, String user) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
        this.user = user;
    }

    public String getRegistry() {
        return registry;
    }

    public void setRegistry(String registry) {
        this.registry = registry;
    }

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository;
    }

    public String getTag() {
        return tag;
    }

    public void setTag(String tag) {
        this.tag = tag;
    }

    public String getDigest() {
        return digest;
    }

    public void setDigest(String digest) {
        this.digest = digest;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageRef r
                && Objects.equals(registry, r.registry)
                && Objects.equals(repository, r.repository)
                && Objects.equals(tag, r.tag)
                && Objects.equals(digest, r.digest)
                && Objects.equals(user, r.user);
    }

    @Override
    public int hashCode() {
        return Objects.hash(registry, repository, tag, digest, user);
    }
}
