package dev.hpcenv.operator.job;

import dev.hpcenv.model.ResolvedEnvironment;

/** The environment of an HpcJob: resolved, or why not. */
public sealed interface EnvironmentView {

    record Ready(ResolvedEnvironment environment, String digest) implements EnvironmentView {}

    /** @param reason a ConditionReasons.Job or ConditionReasons.Environment value */
    record NotReady(String reason, String message) implements EnvironmentView {}
}
