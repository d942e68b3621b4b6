package dev.hpcenv.operator.testing;

import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.ClusterRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.EnvironmentRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.SecretKeyRef;
import dev.hpcenv.crd.v1alpha1.SlurmAuth;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.crd.v1alpha1.SlurmClusterSpec;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** Baseline valid resources for tests; each test changes what it is about with a mutator. */
public final class Resources {

    public static final String NAMESPACE = "team-a";
    public static final String CLUSTER = "daint";

    private Resources() {}

    public static HpcJob job(String name, Consumer<HpcJobSpec> mutator) {
        HpcJob job = new HpcJob();
        job.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(NAMESPACE)
                .withUid(UUID.nameUUIDFromBytes(name.getBytes()).toString())
                .withGeneration(1L)
                .withCreationTimestamp("2026-01-01T00:00:00Z")
                .build());
        HpcJobSpec spec = new HpcJobSpec();
        spec.setEnvironmentRef(new EnvironmentRef("pytorch", EnvironmentKind.HPC_ENVIRONMENT));
        spec.setClusterRef(new ClusterRef(CLUSTER));
        spec.setCommand(new ArrayList<>(List.of("python", "train.py")));
        mutator.accept(spec);
        job.setSpec(spec);
        return job;
    }

    public static HpcJob job(String name) {
        return job(name, s -> {});
    }

    public static HpcEnvironment environment(String namespace, String name, Consumer<EnvironmentSpec> mutator) {
        HpcEnvironment env = new HpcEnvironment();
        env.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(namespace)
                .withGeneration(1L)
                .build());
        EnvironmentSpec spec = new EnvironmentSpec();
        mutator.accept(spec);
        env.setSpec(spec);
        return env;
    }

    public static ClusterHpcEnvironment clusterEnvironment(String name, Consumer<EnvironmentSpec> mutator) {
        ClusterHpcEnvironment env = new ClusterHpcEnvironment();
        env.setMetadata(
                new ObjectMetaBuilder().withName(name).withGeneration(1L).build());
        EnvironmentSpec spec = new EnvironmentSpec();
        mutator.accept(spec);
        env.setSpec(spec);
        return env;
    }

    public static SlurmCluster cluster(Consumer<SlurmClusterSpec> mutator) {
        SlurmCluster cluster = new SlurmCluster();
        cluster.setMetadata(
                new ObjectMetaBuilder().withName(CLUSTER).withGeneration(1L).build());
        SlurmClusterSpec spec = new SlurmClusterSpec();
        spec.setUrl("http://127.0.0.1:6820");
        SlurmAuth auth = new SlurmAuth();
        auth.setJwtKeySecretRef(new SecretKeyRef("hpcenv-system", "slurm-jwt", "jwt_hs256.key"));
        spec.setAuth(auth);
        spec.setUserMappings(new ArrayList<>(List.of(new UserMapping(NAMESPACE, "alice", "proj-a"))));
        spec.setSyncIntervalSeconds(1);
        mutator.accept(spec);
        cluster.setSpec(spec);
        return cluster;
    }
}
