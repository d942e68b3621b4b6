package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How the operator authenticates to slurmrestd: a JWT signing key, or a static token. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"jwtKeySecretRef", "tokenSecretRef", "jwtLifespanSeconds"})
@ValidationRule(
        value = "has(self.jwtKeySecretRef) != has(self.tokenSecretRef)",
        message = "set exactly one of jwtKeySecretRef and tokenSecretRef")
@ValidationRule(
        value = "!has(self.jwtLifespanSeconds) || has(self.jwtKeySecretRef)",
        message = "jwtLifespanSeconds applies only with jwtKeySecretRef")
public class SlurmAuth {
    @JsonPropertyDescription("Secret key holding Slurm's HS256 JWT signing key (the file named by AuthAltParameters "
            + "jwt_key). The operator signs a short-lived token for each namespace's mapped user.")
    private SecretKeyRef jwtKeySecretRef;

    @JsonPropertyDescription("Secret key holding a static token (scontrol token) of one Slurm user. All jobs of this "
            + "cluster then run as that user, whatever the user mappings say; meant for tests and single-user sites.")
    private SecretKeyRef tokenSecretRef;

    @Min(30)
    @Max(86400)
    // No schema default: the API server writes defaults before it checks the rules, so a default here
    // would make every tokenSecretRef cluster break the rule above. The operator uses 1800 when unset.
    @JsonPropertyDescription("Lifetime of the tokens the operator signs, in seconds, 30 to 86400 (1800 when unset); "
            + "only with jwtKeySecretRef.")
    private Integer jwtLifespanSeconds;

    public SecretKeyRef getJwtKeySecretRef() {
        return jwtKeySecretRef;
    }

    public void setJwtKeySecretRef(SecretKeyRef jwtKeySecretRef) {
        this.jwtKeySecretRef = jwtKeySecretRef;
    }

    public SecretKeyRef getTokenSecretRef() {
        return tokenSecretRef;
    }

    public void setTokenSecretRef(SecretKeyRef tokenSecretRef) {
        this.tokenSecretRef = tokenSecretRef;
    }

    public Integer getJwtLifespanSeconds() {
        return jwtLifespanSeconds;
    }

    public void setJwtLifespanSeconds(Integer jwtLifespanSeconds) {
        this.jwtLifespanSeconds = jwtLifespanSeconds;
    }
}
