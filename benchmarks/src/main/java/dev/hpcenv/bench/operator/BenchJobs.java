package dev.hpcenv.bench.operator;

import dev.hpcenv.crd.v1alpha1.ClusterRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.operator.job.JobSubmissionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one HpcJob shape the benchmark uses: held in Slurm, inline environment, one command. */
final class BenchJobs {

    static final String CLUSTER = "bench";
    static final String IMAGE = "registry.local/busybox:1";

    private BenchJobs() {}

    static HpcJob held(String namespace, String name) {
        HpcJob job = new HpcJob();
        job.setMetadata(new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(name)
                .withAnnotations(Map.of(JobSubmissionBuilder.HOLD_ANNOTATION, "true"))
                .build());
        HpcJobSpec spec = new HpcJobSpec();
        EnvironmentSpec environment = new EnvironmentSpec();
        environment.setImage(IMAGE);
        spec.setEnvironment(environment);
        spec.setClusterRef(new ClusterRef(CLUSTER));
        spec.setCommand(new ArrayList<>(List.of("python", "train.py", "--epochs", "1")));
        job.setSpec(spec);
        return job;
    }

    /** What the operator resolves the inline environment to (for the direct baseline's identical body). */
    static ResolvedEnvironment resolved() {
        ResolvedEnvironment resolved = new ResolvedEnvironment();
        resolved.setImage(IMAGE);
        return resolved;
    }
}
