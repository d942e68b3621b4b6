package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.AppliedSiteEnvironment;
import dev.hpcenv.model.ResolvedEnvironment;

/** The environment of an HpcJob: resolved, or why not. */
public sealed interface EnvironmentView {

    /** @param site the site layer beneath the job's environment (its cluster's siteEnvironment); null without one */
    record Ready(ResolvedEnvironment environment, String digest, AppliedSiteEnvironment site)
            implements EnvironmentView {
        public Ready(ResolvedEnvironment environment, String digest) {
            this(environment, digest, null);
        }
    }

    /** @param reason a ConditionReasons.Job or ConditionReasons.Environment value */
    record NotReady(String reason, String message) implements EnvironmentView {}
}
