package dev.hpcenv.operator.status;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import java.util.Objects;

/** A condition as a reconciler wants it, before times are filled in by {@link ConditionMerger}. */
public record DesiredCondition(ConditionType type, String status, String reason, String message) {

    public DesiredCondition {
        Objects.requireNonNull(type, "type");
        if (!Condition.TRUE.equals(status) && !Condition.FALSE.equals(status) && !Condition.UNKNOWN.equals(status)) {
            throw new IllegalArgumentException("condition status must be True, False or Unknown, got " + status);
        }
        Objects.requireNonNull(reason, "reason");
    }

    public static DesiredCondition isTrue(ConditionType type, String reason, String message) {
        return new DesiredCondition(type, Condition.TRUE, reason, message);
    }

    public static DesiredCondition isFalse(ConditionType type, String reason, String message) {
        return new DesiredCondition(type, Condition.FALSE, reason, message);
    }

    public static DesiredCondition unknown(ConditionType type, String reason, String message) {
        return new DesiredCondition(type, Condition.UNKNOWN, reason, message);
    }
}
