package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hpcenv.crd.CrdPatterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * One key of a Secret. Names the secret only: the value is read when needed and never copied into
 * status, events, logs or exceptions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"namespace", "name", "key"})
public class SecretKeyRef {
    @Required
    @Size(max = 63)
    @Pattern(CrdPatterns.NAMESPACE)
    @JsonPropertyDescription("Namespace of the Secret (the SlurmCluster is cluster scoped, so it must be named).")
    private String namespace;

    @Required
    @Size(max = 253)
    @Pattern(CrdPatterns.OBJECT_NAME)
    @JsonPropertyDescription("Name of the Secret.")
    private String name;

    @Required
    @Size(max = 253)
    @Pattern(CrdPatterns.SECRET_KEY)
    @JsonPropertyDescription("Key in the Secret's data.")
    private String key;

    public SecretKeyRef() {}

    public SecretKeyRef(String namespace, String name, String key) {
        this.namespace = namespace;
        this.name = name;
        this.key = key;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretKeyRef r
                && Objects.equals(namespace, r.namespace)
                && Objects.equals(name, r.name)
                && Objects.equals(key, r.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, name, key);
    }

    @Override
    public String toString() {
        return "Secret " + namespace + "/" + name + " key " + key;
    }
}
