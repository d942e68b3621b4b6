package dev.hpcenv.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionMergerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

    @Test
    void keepsTransitionTimeWhileStatusStaysTheSame() {
        // Given
        List<Condition> first = ConditionMerger.merge(
                List.of(), List.of(DesiredCondition.isFalse(ConditionType.READY, "Pending", "queued")), T0, 1L);
        // When
        List<Condition> second = ConditionMerger.merge(
                first, List.of(DesiredCondition.isFalse(ConditionType.READY, "Queued", "held")), T1, 2L);
        // Then
        assertThat(second).singleElement().satisfies(c -> {
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(c.getReason()).isEqualTo("Queued");
            assertThat(c.getObservedGeneration()).isEqualTo(2L);
        });
    }

    @Test
    void keepsOneConditionPerTypeTheLastAskedFor() {
        // When
        List<Condition> merged = ConditionMerger.merge(
                List.of(),
                List.of(
                        DesiredCondition.isFalse(ConditionType.SUBMITTED, "WaitingForDependency", "waits"),
                        DesiredCondition.isFalse(ConditionType.READY, "DependencyFailed", "failed"),
                        DesiredCondition.isFalse(ConditionType.SUBMITTED, "DependencyFailed", "failed")),
                T0,
                1L);
        // Then
        assertThat(merged)
                .extracting(c -> c.getType() + "=" + c.getReason())
                .containsExactly("Submitted=DependencyFailed", "Ready=DependencyFailed");
    }

    @Test
    void movesTransitionTimeWhenStatusChanges() {
        // Given
        List<Condition> first = ConditionMerger.merge(
                List.of(), List.of(DesiredCondition.isFalse(ConditionType.READY, "Pending", "queued")), T0, 1L);
        // When
        List<Condition> second = ConditionMerger.merge(
                first, List.of(DesiredCondition.isTrue(ConditionType.READY, "Running", "runs")), T1, 1L);
        // Then
        assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:05:00Z");
        assertThat(second.get(0).getStatus()).isEqualTo(Condition.TRUE);
    }

    @Test
    void cutsAMessageTheCrdWouldRefuseAtACodePointAndKeepsOneWithinTheLimit() {
        // Given: Slurm refusals can quote whole scripts; emoji are two UTF-16 units but one code point
        String fits = "🚀".repeat(ConditionMerger.MAX_MESSAGE);
        String tooLong = "x" + fits;
        // When
        List<Condition> merged = ConditionMerger.merge(
                List.of(),
                List.of(
                        DesiredCondition.isFalse(ConditionType.READY, "A", fits),
                        DesiredCondition.isFalse(ConditionType.SUBMITTED, "B", tooLong)),
                T0,
                1L);
        // Then
        assertThat(merged.get(0).getMessage()).isEqualTo(fits);
        String cut = merged.get(1).getMessage();
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(ConditionMerger.MAX_MESSAGE);
        assertThat(cut).startsWith("x🚀").endsWith("🚀...");
    }
}
