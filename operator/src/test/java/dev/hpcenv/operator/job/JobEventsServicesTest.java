package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.operator.events.EventRecorder.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ServicesHealthy going False is one Warning event per new reason, never repeated. */
class JobEventsServicesTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                "-, True/ServicesRunning, -",
                "-, False/ServiceExited, ServiceExited",
                "True/ServicesRunning, False/ServiceExited, ServiceExited",
                "False/ServiceExited, False/ServiceExited, -",
                "False/ServiceExited, False/ServiceFailed, ServiceFailed",
                "False/ServiceExited, True/ServicesRunning, -",
            })
    void warnsOncePerReason(String before, String after, String event) {
        // Given
        HpcJobStatus old = status(before);
        HpcJobStatus now = status(after);
        // When
        List<JobEvents.JobEvent> events = JobEvents.between(old, now);
        // Then
        if (event == null) {
            assertThat(events).isEmpty();
        } else {
            assertThat(events).containsExactly(new JobEvents.JobEvent(Type.Warning, event, "service sampler exited"));
        }
    }

    private static HpcJobStatus status(String healthy) {
        HpcJobStatus s = new HpcJobStatus();
        s.setPhase(HpcJobPhase.RUNNING);
        s.setAttempts(1);
        List<Condition> conditions = new ArrayList<>();
        if (healthy != null) {
            String[] p = healthy.split("/");
            conditions.add(new Condition("ServicesHealthy", p[0], p[1], "service sampler exited"));
        }
        s.setConditions(conditions);
        return s;
    }
}
