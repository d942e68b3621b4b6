package dev.hpcenv.operator.job;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.EnvironmentRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentStatus;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.operator.environment.BaseResolution;
import dev.hpcenv.operator.environment.EnvironmentLookup;
import dev.hpcenv.operator.environment.EnvironmentResolver;
import dev.hpcenv.operator.environment.EnvironmentSource;
import dev.hpcenv.operator.status.ConditionsView;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.Optional;

/** Finds the environment of an HpcJob: a Ready environment it names, or its inline one resolved. */
public final class JobEnvironments {

    private final EnvironmentLookup lookup;
    private final EnvironmentResolver resolver;

    public JobEnvironments(EnvironmentLookup lookup) {
        this.lookup = lookup;
        this.resolver = new EnvironmentResolver(lookup);
    }

    public EnvironmentView of(ObjectMeta job, HpcJobSpec spec) {
        String namespace = job.getNamespace();
        EnvironmentRef ref = spec.getEnvironmentRef();
        if (ref == null) {
            if (spec.getEnvironment() == null) {
                return new EnvironmentView.NotReady(
                        ConditionReasons.Job.ENVIRONMENT_NOT_FOUND, "spec sets neither environmentRef nor environment");
            }
            BaseResolution r = resolver.resolve(new EnvironmentSource(
                    namespace,
                    "HpcJob " + namespace + "/" + job.getName() + " spec.environment",
                    spec.getEnvironment()));
            return r instanceof BaseResolution.Resolved ok
                    ? runnable(new EnvironmentView.Ready(ok.environment(), ok.digest()), "spec.environment")
                    : new EnvironmentView.NotReady(
                            ((BaseResolution.Failed) r).reason(), ((BaseResolution.Failed) r).message());
        }
        boolean cluster = ref.getKind() == EnvironmentKind.CLUSTER_HPC_ENVIRONMENT;
        Optional<? extends CustomResource<?, EnvironmentStatus>> env =
                cluster ? lookup.clusterScoped(ref.getName()) : lookup.namespaced(namespace, ref.getName());
        String label = cluster
                ? "ClusterHpcEnvironment " + ref.getName()
                : "HpcEnvironment " + namespace + "/" + ref.getName();
        if (env.isEmpty()) {
            return new EnvironmentView.NotReady(
                    ConditionReasons.Job.ENVIRONMENT_NOT_FOUND,
                    label + " does not exist " + "(hint: kubectl get "
                            + (cluster ? "chpcenv" : "hpcenv -n " + namespace) + "); the job waits for it");
        }
        EnvironmentStatus status = env.get().getStatus();
        Optional<Condition> ready =
                ConditionsView.find(status == null ? null : status.getConditions(), ConditionType.READY);
        if (status == null
                || status.getResolved() == null
                || ready.isEmpty()
                || !Condition.TRUE.equals(ready.get().getStatus())) {
            String why = ready.map(c -> c.getReason() + ": " + c.getMessage()).orElse("not resolved yet");
            return new EnvironmentView.NotReady(
                    ConditionReasons.Job.ENVIRONMENT_NOT_READY, label + " is not Ready (" + why + ")");
        }
        Long generation = env.get().getMetadata().getGeneration();
        if (generation != null
                && status.getObservedGeneration() != null
                && !generation.equals(status.getObservedGeneration())) {
            // Changed since it was last resolved: submitting now would use the old environment.
            return new EnvironmentView.NotReady(
                    ConditionReasons.Job.ENVIRONMENT_NOT_READY, label + " changed and is being resolved again");
        }
        return runnable(new EnvironmentView.Ready(status.getResolved(), status.getDigest()), label);
    }

    /**
     * An environment without an image resolves (site defaults are such a base) but cannot run a job:
     * that is the job's problem to report, with a hint.
     */
    private static EnvironmentView runnable(EnvironmentView.Ready ready, String label) {
        String image = ready.environment().getImage();
        if (image == null || image.isBlank()) {
            return new EnvironmentView.NotReady(
                    ConditionReasons.Environment.INVALID,
                    label + " names no image, so "
                            + "there is nothing to run the command in (hint: set spec.image in it or in one of its bases)");
        }
        return ready;
    }
}
