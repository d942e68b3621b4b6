package dev.hpcenv.operator.job;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.AppliedSiteEnvironment;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.EnvironmentRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.EnvironmentStatus;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.environment.BaseResolution;
import dev.hpcenv.operator.environment.EnvironmentLookup;
import dev.hpcenv.operator.environment.EnvironmentResolver;
import dev.hpcenv.operator.environment.EnvironmentSource;
import dev.hpcenv.operator.status.ConditionsView;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.Optional;

/**
 * Finds the environment of an HpcJob: a Ready environment it names, or its inline one resolved. On a
 * SlurmCluster with a {@code siteEnvironment}, that Ready ClusterHpcEnvironment goes beneath as the
 * first base (docs/workflows.md, section 5), merged by {@link EnvironmentResolver}.
 */
public final class JobEnvironments {

    private final EnvironmentLookup lookup;
    private final EnvironmentResolver resolver;

    public JobEnvironments(EnvironmentLookup lookup) {
        this.lookup = lookup;
        this.resolver = new EnvironmentResolver(lookup);
    }

    /** The job's environment with no site layer (its cluster is not known yet, or has none). */
    public EnvironmentView of(ObjectMeta job, HpcJobSpec spec) {
        return of(job, spec, Optional.empty());
    }

    /** @param cluster the SlurmCluster the job is placed on, when it is known and exists */
    public EnvironmentView of(ObjectMeta job, HpcJobSpec spec, Optional<SlurmCluster> cluster) {
        String namespace = job.getNamespace();
        EnvironmentRef ref = spec.getEnvironmentRef();
        Optional<EnvironmentSource> site = Optional.empty();
        AppliedSiteEnvironment applied = null;
        String siteName = cluster.map(
                        c -> c.getSpec() == null ? null : c.getSpec().getSiteEnvironment())
                .map(s -> s.getName())
                .orElse(null);
        if (siteName != null) {
            String label = "site environment ClusterHpcEnvironment " + siteName + " of SlurmCluster "
                    + cluster.get().getMetadata().getName();
            Optional<ClusterHpcEnvironment> env = lookup.clusterScoped(siteName);
            if (env.isEmpty()) {
                return new EnvironmentView.NotReady(
                        ConditionReasons.Job.ENVIRONMENT_NOT_FOUND,
                        "the " + label + " does not exist (hint: an admin creates it, or clears the cluster's "
                                + "spec.siteEnvironment); the job waits for it");
            }
            Optional<EnvironmentView.NotReady> notReady = notReady(env.get(), "the " + label);
            if (notReady.isPresent()) {
                return notReady.get();
            }
            site = Optional.of(
                    EnvironmentSource.clusterScoped(siteName, specOf(env.get().getSpec())));
            applied = new AppliedSiteEnvironment(siteName, env.get().getStatus().getDigest());
        }
        if (ref == null) {
            if (spec.getEnvironment() == null) {
                return new EnvironmentView.NotReady(
                        ConditionReasons.Job.ENVIRONMENT_NOT_FOUND, "spec sets neither environmentRef nor environment");
            }
            return resolved(
                    new EnvironmentSource(
                            namespace,
                            "HpcJob " + namespace + "/" + job.getName() + " spec.environment",
                            spec.getEnvironment()),
                    site,
                    applied,
                    "spec.environment");
        }
        boolean clusterScoped = ref.getKind() == EnvironmentKind.CLUSTER_HPC_ENVIRONMENT;
        Optional<? extends CustomResource<EnvironmentSpec, EnvironmentStatus>> env =
                clusterScoped ? lookup.clusterScoped(ref.getName()) : lookup.namespaced(namespace, ref.getName());
        String label = clusterScoped
                ? "ClusterHpcEnvironment " + ref.getName()
                : "HpcEnvironment " + namespace + "/" + ref.getName();
        if (env.isEmpty()) {
            return new EnvironmentView.NotReady(
                    ConditionReasons.Job.ENVIRONMENT_NOT_FOUND,
                    label + " does not exist " + "(hint: kubectl get "
                            + (clusterScoped ? "chpcenv" : "hpcenv -n " + namespace) + "); the job waits for it");
        }
        Optional<EnvironmentView.NotReady> notReady = notReady(env.get(), label);
        if (notReady.isPresent()) {
            return notReady.get();
        }
        if (site.isEmpty()) {
            EnvironmentStatus status = env.get().getStatus();
            return runnable(new EnvironmentView.Ready(status.getResolved(), status.getDigest()), label);
        }
        // The named environment is Ready; with a site layer beneath it, it is merged again from the specs.
        EnvironmentSource top = clusterScoped
                ? EnvironmentSource.clusterScoped(
                        ref.getName(), specOf(env.get().getSpec()))
                : EnvironmentSource.namespaced(
                        namespace, ref.getName(), specOf(env.get().getSpec()));
        return resolved(top, site, applied, label);
    }

    private EnvironmentView resolved(
            EnvironmentSource top, Optional<EnvironmentSource> site, AppliedSiteEnvironment applied, String label) {
        BaseResolution r = site.isPresent() ? resolver.resolve(top, site.get()) : resolver.resolve(top);
        if (r instanceof BaseResolution.Failed failed) {
            return new EnvironmentView.NotReady(
                    failed.reason(),
                    site.isPresent()
                            ? failed.message() + " (with the " + site.get().displayName()
                                    + " beneath, the site layer of the job's SlurmCluster)"
                            : failed.message());
        }
        BaseResolution.Resolved ok = (BaseResolution.Resolved) r;
        return runnable(new EnvironmentView.Ready(ok.environment(), ok.digest(), applied), label);
    }

    /** Empty when the environment is Ready and resolved from its current spec. */
    private static Optional<EnvironmentView.NotReady> notReady(
            CustomResource<EnvironmentSpec, EnvironmentStatus> env, String label) {
        EnvironmentStatus status = env.getStatus();
        Optional<Condition> ready =
                ConditionsView.find(status == null ? null : status.getConditions(), ConditionType.READY);
        if (status == null
                || status.getResolved() == null
                || ready.isEmpty()
                || !Condition.TRUE.equals(ready.get().getStatus())) {
            String why = ready.map(c -> c.getReason() + ": " + c.getMessage()).orElse("not resolved yet");
            return Optional.of(new EnvironmentView.NotReady(
                    ConditionReasons.Job.ENVIRONMENT_NOT_READY, label + " is not Ready (" + why + ")"));
        }
        Long generation = env.getMetadata().getGeneration();
        if (generation != null
                && status.getObservedGeneration() != null
                && !generation.equals(status.getObservedGeneration())) {
            // Changed since it was last resolved: submitting now would use the old environment.
            return Optional.of(new EnvironmentView.NotReady(
                    ConditionReasons.Job.ENVIRONMENT_NOT_READY, label + " changed and is being resolved again"));
        }
        return Optional.empty();
    }

    private static EnvironmentSpec specOf(EnvironmentSpec spec) {
        return spec == null ? new EnvironmentSpec() : spec;
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
