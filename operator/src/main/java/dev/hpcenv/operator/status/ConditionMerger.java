package dev.hpcenv.operator.status;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns desired conditions into the status list. {@code lastTransitionTime} is kept from the previous
 * condition of the same type while its status stays the same: kubectl wait, Argo CD and Flux read
 * it as "since when", and a reconcile that changes nothing must not produce a status patch.
 */
public final class ConditionMerger {

    /**
     * The CRDs' maxLength of a condition message (Condition.message), which an API server counts in
     * code points: a longer message (a Slurm refusal quoting a whole script) would make the status
     * unwritable, and the reconcile would fail on it forever.
     */
    public static final int MAX_MESSAGE = 32768;

    private static final String CUT = "...";

    private ConditionMerger() {}

    public static List<Condition> merge(
            List<Condition> previous, List<DesiredCondition> desired, Instant now, Long generation) {
        List<Condition> merged = new ArrayList<>(desired.size());
        for (DesiredCondition want : lastOfEachType(desired)) {
            Condition old = find(previous, want.type().wire());
            Condition c = new Condition(want.type().wire(), want.status(), want.reason(), fit(want.message()));
            boolean unchanged = old != null
                    && Objects.equals(old.getStatus(), want.status())
                    && old.getLastTransitionTime() != null;
            c.setLastTransitionTime(unchanged ? old.getLastTransitionTime() : Timestamps.format(now));
            c.setObservedGeneration(generation);
            merged.add(c);
        }
        return merged;
    }

    /**
     * One condition per type, the last asked for, in the order types first appear: the list is read by type
     * ({@code kubectl wait --for=condition=X} takes the first match), so two of one type would make it
     * say whichever came first.
     */
    private static List<DesiredCondition> lastOfEachType(List<DesiredCondition> desired) {
        Map<ConditionType, DesiredCondition> byType = new LinkedHashMap<>();
        for (DesiredCondition want : desired) {
            byType.put(want.type(), want);
        }
        return List.copyOf(byType.values());
    }

    /** {@code message} cut to {@link #MAX_MESSAGE} code points, never inside a surrogate pair. */
    static String fit(String message) {
        if (message == null || message.codePointCount(0, message.length()) <= MAX_MESSAGE) {
            return message;
        }
        int end = message.offsetByCodePoints(0, MAX_MESSAGE - CUT.length());
        return message.substring(0, end) + CUT;
    }

    private static Condition find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
    }
}
