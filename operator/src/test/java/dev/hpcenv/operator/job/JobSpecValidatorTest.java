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

    @Test
    void anArrayOrDependenciesThatBypassedTheSchemaAreRefusedByField() {
        // Given: what the CRD's pattern and rules refuse, stored under an older CRD
        var spec = Resources.job("bad", s -> {
                    s.setArray("0-99%0");
                    java.util.List<dev.hpcenv.crd.v1alpha1.JobDependency> deps = new java.util.ArrayList<>();
                    for (int i = 0; i <= dev.hpcenv.crd.v1alpha1.HpcJobSpec.MAX_DEPENDENCIES; i++) {
                        deps.add(new dev.hpcenv.crd.v1alpha1.JobDependency(
                                "j" + i, dev.hpcenv.crd.v1alpha1.DependencyCondition.SUCCEEDED));
                    }
                    s.setDependsOn(deps);
                })
                .getSpec();
        // When
        var problems = JobSpecValidator.problems(spec);
        // Then
        assertThat(problems)
                .anyMatch(p -> p.startsWith("spec.array expression '0-99%0': %0 is no limit; %K needs K >= 1"))
                .anyMatch(p -> p.startsWith("spec.dependsOn: 33 dependencies, at most 32"));
    }
}
