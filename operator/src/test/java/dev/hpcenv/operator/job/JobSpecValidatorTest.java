package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.JobResources;
import dev.hpcenv.operator.testing.Resources;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSpecValidatorTest {

    @Test
    void theBaselineJobIsValid() {
        assertThat(JobSpecValidator.problems(Resources.job("ok").getSpec())).isEmpty();
    }

    @Test
    void namesTheFieldOfEachProblem() {
        // Given
        var spec = Resources.job("bad", s -> {
                    s.setEnv(new LinkedHashMap<>(Map.of("1BAD", "x", "GOOD", "nul\0inside")));
                    JobResources r = new JobResources();
                    r.setMemory("0Mi");
                    r.setReservation("maint");
                    s.setResources(r);
                })
                .getSpec();
        // When
        var problems = JobSpecValidator.problems(spec);
        // Then
        assertThat(problems)
                .anyMatch(p -> p.startsWith("spec.env.1BAD: not a valid variable name"))
                .anyMatch(p -> p.startsWith("spec.env.GOOD: contains a NUL"))
                .anyMatch(p -> p.startsWith("spec.resources.memory: 0"))
                .anyMatch(p -> p.startsWith("spec.resources.reservation: not supported"))
                .allMatch(p -> !p.contains("\n"));
    }
}
