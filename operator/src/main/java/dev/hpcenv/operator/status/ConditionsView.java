package dev.hpcenv.operator.status;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import java.util.List;
import java.util.Optional;

/** Reads a condition of a status list by type. */
public final class ConditionsView {

    private ConditionsView() {}

    public static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream()
                        .filter(c -> type.wire().equals(c.getType()))
                        .findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, ConditionType type) {
        return find(conditions, type)
                .map(c -> Condition.TRUE.equals(c.getStatus()))
                .orElse(false);
    }
}
