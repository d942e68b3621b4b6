package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hpcenv.crd.CrdPatterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Where this cluster's compute nodes send the jobs' output and progress (docs/job-output.md): the
 * operator's ingest service as the nodes reach it. Without it, output stays in the Slurm file only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"endpoint", "caBundle"})
public class LogEndpoint {
    public static final int MAX_CA_BUNDLE = 65_536;

    @Required
    @Size(max = 2048)
    @Pattern(CrdPatterns.HTTP_URL)
    @JsonPropertyDescription("Base URL of the operator's log ingest as the compute nodes reach it, e.g. "
            + "https://hpcenv-logs.example.org or http://10.0.0.5:8444 (the chart's ingest Service).")
    private String endpoint;

    @Size(max = MAX_CA_BUNDLE)
    @JsonPropertyDescription("PEM certificates the nodes trust for an https endpoint, when not their system's.")
    private String caBundle;

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getCaBundle() {
        return caBundle;
    }

    public void setCaBundle(String caBundle) {
        this.caBundle = caBundle;
    }
}
