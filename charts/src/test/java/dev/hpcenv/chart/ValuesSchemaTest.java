package dev.hpcenv.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.chart.ChartRenderer.Values;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad values fail at `helm install`/`template` time with a message naming the value, from
 * values.schema.json or from a template's fail/required, instead of an object the API server or the
 * operator would refuse later.
 */
class ValuesSchemaTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(Values.set("replicas", 3), "additional properties 'replicas' not allowed"),
                Arguments.of(
                        Values.set("operator.reconcileThreds", 4),
                        "additional properties 'reconcileThreds' not allowed"),
                Arguments.of(Values.set("replicaCount", "two"), "at '/replicaCount': got string, want integer"),
                Arguments.of(Values.set("image.pullPolicy", "Sometimes"), "at '/image/pullPolicy'"),
                Arguments.of(Values.set("operator.batchWorkdir", "scratch"), "at '/operator/batchWorkdir'"),
                Arguments.of(Values.set("operator.reconcileThreads", 0), "at '/operator/reconcileThreads'"),
                Arguments.of(
                        Values.set("leaderElection.leaseDurationSeconds", 1),
                        "at '/leaderElection/leaseDurationSeconds'"),
                Arguments.of(Values.set("operator.httpPort", 70000), "at '/operator/httpPort'"),
                Arguments.of(Values.set("operator.installationId", "prod:1"), "at '/operator/installationId'"),
                Arguments.of(Values.set("operator.orphanGraceSeconds", 0), "at '/operator/orphanGraceSeconds'"),
                Arguments.of(Values.set("operator.orphanGraceSeconds", "never"), "at '/operator/orphanGraceSeconds'"),
                Arguments.of(Values.set("slurmCluster.apiVersion", "v0.0.37"), "at '/slurmCluster/apiVersion'"),
                Arguments.of(Values.set("slurmCluster.url", "slurmrestd:6820"), "at '/slurmCluster/url'"),
                Arguments.of(Values.set("slurmCluster.auth.type", "munge"), "at '/slurmCluster/auth/type'"),
                Arguments.of(
                        Values.set("slurmCluster.auth.jwtLifespanSeconds", 5),
                        "at '/slurmCluster/auth/jwtLifespanSeconds'"),
                Arguments.of(
                        Values.set("slurmCluster.userMappings[0].namespace", "ml")
                                .and("slurmCluster.userMappings[0].user", "root"),
                        "at '/slurmCluster/userMappings/0/user'"),
                Arguments.of(
                        Values.set("slurmCluster.defaults.timeLimit", "01:00:00"),
                        "at '/slurmCluster/defaults/timeLimit'"),
                Arguments.of(
                        Values.set("rbac.secretAccess[0].namespace", "Slurm_System")
                                .and("rbac.secretAccess[0].names[0]", "key"),
                        "at '/rbac/secretAccess/0/namespace'"),
                Arguments.of(
                        Values.set("replicaCount", 2).and("leaderElection.enabled", false),
                        "replicaCount > 1 needs leaderElection.enabled=true"),
                Arguments.of(
                        Values.set("slurmCluster.create", true),
                        "slurmCluster.url is required when slurmCluster.create is true"),
                Arguments.of(
                        Values.set("slurmCluster.create", true)
                                .and("slurmCluster.url", "https://s:6820")
                                .and("slurmCluster.auth.secret.create", true),
                        "slurmCluster.auth.secret.valueBase64 is required"),
                Arguments.of(
                        Values.set("slurmCluster.auth.secret.valueBase64", "not base64!"),
                        "at '/slurmCluster/auth/secret/valueBase64'"),
                Arguments.of(
                        Values.set("metrics.serviceMonitor.enabled", true).and("metrics.service.enabled", false),
                        "metrics.serviceMonitor.enabled needs metrics.service.enabled=true"),
                Arguments.of(
                        Values.set("serviceAccount.create", false),
                        "serviceAccount.name is required when serviceAccount.create is false"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void badValuesAreRefusedWithAMessageNamingThem(Values values, String expectedMessage) {
        String refusal = ChartRenderer.forRepositoryChart().refusal(values);

        assertThat(refusal).contains(expectedMessage);
    }
}
