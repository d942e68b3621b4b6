package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.EnvironmentRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentStatus;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.JobService;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.operator.environment.EnvironmentLookup;
import dev.hpcenv.operator.testing.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A service's environmentRef is found exactly as the job's: Ready ones travel, others hold the job back. */
class JobEnvironmentsServicesTest {

    private final Map<String, HpcEnvironment> namespaced = new java.util.HashMap<>();
    private final Map<String, ClusterHpcEnvironment> cluster = new java.util.HashMap<>();
    private final JobEnvironments environments = new JobEnvironments(new EnvironmentLookup() {
        @Override
        public Optional<HpcEnvironment> namespaced(String namespace, String name) {
            return Optional.ofNullable(namespaced.get(namespace + "/" + name));
        }

        @Override
        public Optional<ClusterHpcEnvironment> clusterScoped(String name) {
            return Optional.ofNullable(cluster.get(name));
        }
    });

    @Test
    void aServicesOwnReadyEnvironmentTravelsByItsName() {
        // Given
        ready("pytorch", "reg/pytorch:1");
        ready("ldms", "reg/ldms:4");
        HpcJob job = job(service("agg", "ldms"), service("sampler", null));
        // When
        EnvironmentView view = environments.of(job.getMetadata(), job.getSpec());
        // Then
        assertThat(view).isInstanceOf(EnvironmentView.Ready.class);
        EnvironmentView.Ready ready = (EnvironmentView.Ready) view;
        assertThat(ready.environment().getImage()).isEqualTo("reg/pytorch:1");
        assertThat(ready.services()).containsOnlyKeys("agg");
        assertThat(ready.services().get("agg").getImage()).isEqualTo("reg/ldms:4");
    }

    @Test
    void aMissingServiceEnvironmentHoldsTheJobBackNamingTheService() {
        // Given
        ready("pytorch", "reg/pytorch:1");
        HpcJob job = job(service("sampler", null), service("agg", "ldms"));
        // When
        EnvironmentView view = environments.of(job.getMetadata(), job.getSpec());
        // Then
        assertThat(view).isInstanceOf(EnvironmentView.NotReady.class);
        EnvironmentView.NotReady no = (EnvironmentView.NotReady) view;
        assertThat(no.reason()).isEqualTo("EnvironmentNotFound");
        assertThat(no.message())
                .startsWith("spec.services[1].environmentRef: HpcEnvironment " + Resources.NAMESPACE
                        + "/ldms does not exist");
    }

    @Test
    void aServiceEnvironmentThatIsNotReadyHoldsTheJobBack() {
        // Given
        ready("pytorch", "reg/pytorch:1");
        HpcEnvironment ldms = Resources.environment(Resources.NAMESPACE, "ldms", s -> {});
        namespaced.put(Resources.NAMESPACE + "/ldms", ldms);
        HpcJob job = job(service("agg", "ldms"));
        // When
        EnvironmentView view = environments.of(job.getMetadata(), job.getSpec());
        // Then
        assertThat(((EnvironmentView.NotReady) view).reason()).isEqualTo("EnvironmentNotReady");
        assertThat(((EnvironmentView.NotReady) view).message()).startsWith("spec.services[0].environmentRef: ");
    }

    private void ready(String name, String image) {
        HpcEnvironment env = Resources.environment(Resources.NAMESPACE, name, s -> s.setImage(image));
        EnvironmentStatus status = new EnvironmentStatus();
        ResolvedEnvironment resolved = new ResolvedEnvironment();
        resolved.setImage(image);
        status.setResolved(resolved);
        status.setDigest("sha256:" + name);
        status.setObservedGeneration(1L);
        status.setConditions(new ArrayList<>(List.of(new Condition("Ready", "True", "Resolved", "ok"))));
        env.setStatus(status);
        namespaced.put(Resources.NAMESPACE + "/" + name, env);
    }

    private static JobService service(String name, String environment) {
        JobService s = new JobService();
        s.setName(name);
        s.setCommand(List.of("run"));
        if (environment != null) {
            s.setEnvironmentRef(new EnvironmentRef(environment, EnvironmentKind.HPC_ENVIRONMENT));
        }
        return s;
    }

    private static HpcJob job(JobService... services) {
        return Resources.job("with-services", s -> s.setServices(new ArrayList<>(List.of(services))));
    }
}
