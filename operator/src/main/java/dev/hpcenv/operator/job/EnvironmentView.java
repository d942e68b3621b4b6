package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.AppliedSiteEnvironment;
import dev.hpcenv.model.ResolvedEnvironment;
import java.util.Map;

/** The environment of an HpcJob: resolved, or why not. */
public sealed interface EnvironmentView {

    /**
     * @param site the site layer beneath the job's environment (its cluster's siteEnvironment); null without one
     * @param services the resolved environment of each service that names its own, by service name
     *     (services without one run in the job's)
     */
    record Ready(
            ResolvedEnvironment environment,
            String digest,
            AppliedSiteEnvironment site,
            Map<String, ResolvedEnvironment> services)
            implements EnvironmentView {
        public Ready {
            services = Map.copyOf(services);
        }

        public Ready(ResolvedEnvironment environment, String digest, AppliedSiteEnvironment site) {
            this(environment, digest, site, Map.of());
        }

        public Ready(ResolvedEnvironment environment, String digest) {
            this(environment, digest, null, Map.of());
        }
    }

    /** @param reason a ConditionReasons.Job or ConditionReasons.Environment value */
    record NotReady(String reason, String message) implements EnvironmentView {}
}
