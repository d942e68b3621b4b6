package dev.hpcenv.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {

    @Test
    void writesThePrometheusTextFormat() {
        // Given
        OperatorMetrics metrics = new OperatorMetrics();
        metrics.jobsByPhase(() -> Map.of("Running", 3L, "Pending", 1L));
        metrics.slurmRequest("daint", "list_jobs");
        metrics.slurmError("daint", "submit", "TIMEOUT");
        metrics.submitLatency(Duration.ofMillis(40));
        // When
        String text = metrics.scrape();
        // Then
        assertThat(text)
                .contains("# TYPE hpcenv_hpcjobs gauge\n")
                .contains("hpcenv_hpcjobs{phase=\"Running\"} 3\n")
                .contains("hpcenv_slurmrestd_requests_total{call=\"list_jobs\",cluster=\"daint\"} 1\n")
                .contains("hpcenv_slurmrestd_errors_total{call=\"submit\",cluster=\"daint\",kind=\"TIMEOUT\"} 1\n")
                .contains("hpcenv_submit_latency_seconds_bucket{le=\"0.025\"} 0\n")
                .contains("hpcenv_submit_latency_seconds_bucket{le=\"0.05\"} 1\n")
                .contains("hpcenv_submit_latency_seconds_bucket{le=\"+Inf\"} 1\n")
                .contains("hpcenv_submit_latency_seconds_count 1\n");
    }
}
