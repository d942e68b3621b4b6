package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.JobService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServicesVariableTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "no job output|-|-",
                "relative job output|out/%j.out|-",
                "absolute|/shared/run/job-%j.out|/shared/run",
                "non-ASCII directory|/shared/läufe 1/%j.out|/shared/läufe 1",
                "pattern in the directory|/shared/%u/job.out|-",
                "dot-dot in the directory|/shared/../etc/job.out|-",
                "file at the root|/job.out|-",
            })
    void servicesWriteBesideTheJobsOwnOutputWhenItsDirectoryIsPlain(String what, String jobOutput, String dir) {
        JobService s = new JobService();
        s.setName("sampler");
        s.setCommand(List.of("sampler"));

        String json = ServicesVariable.of(List.of(s), Map.of(), jobOutput).orElseThrow();

        if (dir == null) {
            assertThat(json).as(what).doesNotContain("outputDirectory");
        } else {
            assertThat(json).as(what).startsWith("{\"outputDirectory\":\"" + dir + "\",\"services\":[");
        }
    }
}
