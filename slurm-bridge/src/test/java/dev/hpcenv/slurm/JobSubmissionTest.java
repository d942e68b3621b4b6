package dev.hpcenv.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobSubmissionTest {

    private JobSubmission.Builder valid() {
        return JobSubmission.builder("#!/bin/sh\ntrue\n").env("PATH", "/bin").workdir("/tmp");
    }

    @Test
    void timeLimitIsRoundedUpToWholeMinutes() {
        assertThat(valid().timeLimit(Duration.ofSeconds(61)).build().timeLimitMinutes())
                .isEqualTo(2);
        assertThat(valid().timeLimit(Duration.ofMinutes(5)).build().timeLimitMinutes())
                .isEqualTo(5);
        assertThat(valid().build().timeLimitMinutes()).isNull();
    }

    @Test
    void anEmptyEnvironmentIsRefusedBecauseSlurmRefusesIt() {
        assertThatThrownBy(() ->
                        JobSubmission.builder("#!/bin/sh\n").workdir("/tmp").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environment is empty");
    }

    @Test
    void badEnvironmentNamesAreNamedInTheError() {
        assertThatThrownBy(() -> valid().env("A=B", "x").build()).hasMessageContaining("'A=B'");
    }

    @Test
    void relativeWorkdirIsRefused() {
        assertThatThrownBy(() -> valid().workdir("work").build()).hasMessageContaining("absolute");
    }

    @Test
    void scriptNeedsAnInterpreterLine() {
        assertThatThrownBy(() -> JobSubmission.builder("echo hi")
                        .env("PATH", "/bin")
                        .workdir("/tmp")
                        .build())
                .hasMessageContaining("#!");
    }

    @Test
    void countsMustBePositive() {
        assertThatThrownBy(() -> valid().ntasks(0).build()).hasMessageContaining("ntasks");
        assertThatThrownBy(() -> valid().memoryMb(0L).build()).hasMessageContaining("memoryMb");
    }

    @Test
    void environmentKeepsItsOrderAndCannotBeChangedAfterwards() {
        JobSubmission s = valid().env("B", "2").env("A", "1").build();
        assertThat(s.environment().keySet()).containsExactly("PATH", "B", "A");
        assertThatThrownBy(() -> s.environment().put("C", "3")).isInstanceOf(UnsupportedOperationException.class);
    }
}
