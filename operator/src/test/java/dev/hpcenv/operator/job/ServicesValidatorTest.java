package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.JobService;
import dev.hpcenv.crd.v1alpha1.ServiceReadiness;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** spec.services as the operator checks it again, one bad input per row: the field named, with the limit. */
class ServicesValidatorTest {

    record Case(String name, Consumer<List<JobService>> change, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    static JobService service(String name) {
        JobService s = new JobService();
        s.setName(name);
        s.setCommand(new ArrayList<>(List.of("sampler")));
        return s;
    }

    static ServiceReadiness ready(List<JobService> l) {
        ServiceReadiness r = new ServiceReadiness();
        r.setTcpPort(8080);
        r.setTimeoutSeconds(30);
        l.get(0).setReady(r);
        return r;
    }

    static List<Case> cases() {
        return List.of(
                new Case("valid", l -> ready(l), null),
                new Case(
                        "same name twice",
                        l -> l.add(service("sampler")),
                        "spec.services[1].name: 'sampler' is used by an earlier service"),
                new Case(
                        "name not a DNS label",
                        l -> l.get(0).setName("Sampler_1"),
                        "spec.services[0].name: 'Sampler_1' is not a DNS label"),
                new Case("empty command", l -> l.get(0).setCommand(List.of()), "spec.services[0].command: empty"),
                new Case(
                        "readiness without timeout",
                        l -> ready(l).setTimeoutSeconds(null),
                        "spec.services[0].ready.timeoutSeconds: missing"),
                new Case(
                        "readiness with command and tcpPort",
                        l -> ready(l).setCommand(List.of("true")),
                        "spec.services[0].ready: set exactly one of command and tcpPort"),
                new Case(
                        "readiness with neither",
                        l -> ready(l).setTcpPort(null),
                        "spec.services[0].ready: set exactly one of command and tcpPort"),
                new Case(
                        "tcpPort 0",
                        l -> ready(l).setTcpPort(0),
                        "spec.services[0].ready.tcpPort: 0 is outside 1..65535"),
                new Case(
                        "tcpPort 65536",
                        l -> ready(l).setTcpPort(65_536),
                        "spec.services[0].ready.tcpPort: 65536 is outside 1..65535"),
                new Case(
                        "timeout 3601",
                        l -> ready(l).setTimeoutSeconds(3601),
                        "spec.services[0].ready.timeoutSeconds: 3601 is outside 1..3600"),
                new Case(
                        "grace 301",
                        l -> l.get(0).setTerminationGracePeriodSeconds(301),
                        "spec.services[0].terminationGracePeriodSeconds: 301 is outside 0..300"),
                new Case(
                        "absolute output",
                        l -> l.get(0).setOutput("/etc/%x"),
                        "spec.services[0].output: '/etc/%x' leaves the job's working directory"),
                new Case(
                        "output climbing out",
                        l -> l.get(0).setOutput("logs/../../%x.out"),
                        "spec.services[0].output: 'logs/../../%x.out' leaves the job's working directory"),
                new Case(
                        "17 services",
                        l -> {
                            for (int i = 1; i < 17; i++) {
                                l.add(service("s" + i));
                            }
                        },
                        "spec.services: 17 services, at most 16"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checksEachCase(Case c) {
        // Given
        List<JobService> services = new ArrayList<>(List.of(service("sampler")));
        c.change().accept(services);
        // When
        List<String> problems = ServicesValidator.problems(services);
        // Then
        if (c.problem() == null) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(c.problem()));
        }
    }
}
