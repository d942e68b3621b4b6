package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hpcenv.crd.CrdPatterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** Which Slurm user (and account) runs the HpcJobs of one namespace. Admins own this; users cannot choose. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"namespace", "user", "account"})
public class UserMapping {
    @Required
    @Size(max = 63)
    @Pattern(CrdPatterns.NAMESPACE)
    @JsonPropertyDescription("Kubernetes namespace whose HpcJobs this mapping covers; each namespace appears once.")
    private String namespace;

    @Required
    @Size(max = 64)
    @Pattern(CrdPatterns.POSIX_USER)
    @ValidationRule(value = "self != 'root'", message = "a namespace must not be mapped to root")
    @JsonPropertyDescription("Slurm (POSIX) user the jobs run as; never root.")
    private String user;

    @Pattern(CrdPatterns.SLURM_NAMES)
    @JsonPropertyDescription("Slurm account charged when the job names none; overrides the cluster default.")
    private String account;

    public UserMapping() {}

    public UserMapping(String namespace, String user, String account) {
        this.namespace = namespace;
        this.user = user;
        this.account = account;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getAccount() {
        return account;
    }

    public void setAccount(String account) {
        this.account = account;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserMapping m
                && Objects.equals(namespace, m.namespace)
                && Objects.equals(user, m.user)
                && Objects.equals(account, m.account);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, user, account);
    }
}
