package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.EnvironmentStatus;
import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.status.ConditionsView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import java.util.Optional;

/** Records an Event when an environment's Ready condition or digest changes, or new variables are undefined. */
final class EnvironmentEvents {

    private EnvironmentEvents() {}

    static void record(EventRecorder events, HasMetadata env, EnvironmentStatus before, EnvironmentStatus after) {
        Optional<Condition> was =
                ConditionsView.find(before == null ? null : before.getConditions(), ConditionType.READY);
        Condition now =
                ConditionsView.find(after.getConditions(), ConditionType.READY).orElseThrow();
        boolean changed = was.isEmpty()
                || !Objects.equals(was.get().getStatus(), now.getStatus())
                || !Objects.equals(was.get().getReason(), now.getReason());
        if (Condition.TRUE.equals(now.getStatus())) {
            if (changed || !Objects.equals(before == null ? null : before.getDigest(), after.getDigest())) {
                events.record(env, EventRecorder.Type.Normal, now.getReason(), "resolved to " + after.getDigest());
            }
        } else if (changed) {
            events.record(env, EventRecorder.Type.Warning, now.getReason(), now.getMessage());
        }
        Optional<Condition> variables = ConditionsView.find(after.getConditions(), ConditionType.VARIABLES_DEFINED);
        Optional<Condition> variablesBefore =
                ConditionsView.find(before == null ? null : before.getConditions(), ConditionType.VARIABLES_DEFINED);
        if (variables.isPresent()
                && Condition.FALSE.equals(variables.get().getStatus())
                && !variablesBefore
                        .map(c -> Objects.equals(c.getMessage(), variables.get().getMessage()))
                        .orElse(false)) {
            events.record(
                    env,
                    EventRecorder.Type.Warning,
                    variables.get().getReason(),
                    variables.get().getMessage());
        }
    }
}
