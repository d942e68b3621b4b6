package dev.hpcenv.operator.environment;

import dev.hpcenv.model.ResolvedEnvironment;

/** The outcome of resolving an environment: merged, or a reason from ConditionReasons.Environment. */
public sealed interface BaseResolution {

    record Resolved(ResolvedEnvironment environment, String digest) implements BaseResolution {}

    /** @param reason BaseNotFound, BaseCycle, TooDeep or Invalid */
    record Failed(String reason, String message) implements BaseResolution {}
}
