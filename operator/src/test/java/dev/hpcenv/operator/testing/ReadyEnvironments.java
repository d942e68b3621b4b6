package dev.hpcenv.operator.testing;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.EnvironmentStatus;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.model.ResolvedEnvironment;
import java.util.ArrayList;
import java.util.List;

/** HpcEnvironments whose status says Ready, as the environment reconciler would leave them. */
public final class ReadyEnvironments {

    private ReadyEnvironments() {}

    public static HpcEnvironment pytorch() {
        HpcEnvironment env =
                Resources.environment(Resources.NAMESPACE, "pytorch", s -> s.setImage("nvcr.io/nvidia/pytorch:24.01"));
        ResolvedEnvironment resolved = new ResolvedEnvironment();
        resolved.setImage("nvcr.io/nvidia/pytorch:24.01");
        resolved.setBases(new ArrayList<>(List.of("HpcEnvironment team-a/pytorch")));
        EnvironmentStatus status = new EnvironmentStatus();
        status.setResolved(resolved);
        status.setDigest("sha256:0123");
        status.setObservedGeneration(1L);
        Condition ready = new Condition("Ready", Condition.TRUE, "Resolved", "resolved");
        ready.setLastTransitionTime("2026-01-01T00:00:00Z");
        status.setConditions(new ArrayList<>(List.of(ready)));
        env.setStatus(status);
        return env;
    }
}
