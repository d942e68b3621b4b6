package dev.hpcenv.operator.job;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.EnvironmentRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentStatus;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.JobService;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.operator.environment.BaseResolution;
import dev.hpcenv.operator.environment.EnvironmentLookup;
import dev.hpcenv.operator.environment.EnvironmentResolver;
import dev.hpcenv.operator.environment.EnvironmentSource;
import dev.hpcenv.operator.status.ConditionsView;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Finds the environment of an HpcJob: a Ready environment it names, or its inline one resolved. */
public final class JobEnvironments {

    private final EnvironmentLookup lookup;
    private final EnvironmentResolver resolver;

    public JobEnvironments(EnvironmentLookup lookup) {
        this.lookup = lookup;
        this.resolver = new EnvironmentResolver(lookup);
    }

    /**
     * The job's environment and, when that is Ready, each service's own ({@code environmentRef}),
     * found exactly as the job's: a service's environment that is missing or not Ready holds the job
     * back like its own, and the message names the service.
     */
    public EnvironmentView of(ObjectMeta job, HpcJobSpec spec) {
        EnvironmentView own = jobsOwn(job, spec);
        if (!(own instanceof EnvironmentView.Ready ready) || spec.getServices().isEmpty()) {
            return own;
        }
        Map<String, ResolvedEnvironment> services = new LinkedHashMap<>();
        for (int i = 0; i < spec.getServices().size(); i++) {
            JobService service = spec.getServices().get(i);
            if (service == null || service.getEnvironmentRef() == null) {
                continue;
            }
            EnvironmentView view = named(job.getNamespace(), service.getEnvironmentRef());
            if (view instanceof EnvironmentView.NotReady no) {
                return new EnvironmentView.NotReady(
                        no.reason(), "spec.services[" + i + "].environmentRef: " + no.message());
            }
            services.put(service.getName(), ((EnvironmentView.Ready) view).environment());
        }
        return new EnvironmentView.Ready(ready.environment(), ready.digest(), services);
    }

    private EnvironmentView jobsOwn(ObjectMeta job, HpcJobSpec spec) {
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
        return named(namespace, ref);
    }

    private EnvironmentView named(String namespace, EnvironmentRef ref) {
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
