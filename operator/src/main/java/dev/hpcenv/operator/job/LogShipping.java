package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.LogEndpoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The batch variables that let a job's shims ship its output to the operator (docs/job-output.md,
 * section 1): the cluster's endpoint, and a credential for this job only, which {@code mint} makes
 * from the job's UID. Without an endpoint on the cluster, or without a log store here, none.
 */
public interface LogShipping {
    String URL_VARIABLE = "HPCENV_LOG_URL";
    String TOKEN_VARIABLE = "HPCENV_LOG_TOKEN";
    String CA_VARIABLE = "HPCENV_LOG_CA";

    LogShipping NONE = (job, endpoint) -> Map.of();

    Map<String, String> variables(HpcJob job, LogEndpoint endpoint);

    /** Shipping with credentials {@code mint} makes for the job (and records it with the store). */
    static LogShipping minting(java.util.function.Function<HpcJob, String> mint) {
        return (job, endpoint) -> {
            if (endpoint == null
                    || endpoint.getEndpoint() == null
                    || endpoint.getEndpoint().isBlank()) {
                return Map.of();
            }
            Map<String, String> env = new LinkedHashMap<>();
            env.put(URL_VARIABLE, endpoint.getEndpoint());
            env.put(TOKEN_VARIABLE, mint.apply(job));
            if (endpoint.getCaBundle() != null && !endpoint.getCaBundle().isBlank()) {
                env.put(CA_VARIABLE, endpoint.getCaBundle());
            }
            return env;
        };
    }
}
