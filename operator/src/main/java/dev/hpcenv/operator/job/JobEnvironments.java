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
import dev.hpcenv.crd.v1alpha1.JobService;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
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

    /**
     * The job's environment and, when that is Ready, each service's own ({@code environmentRef}),
     * found exactly as the job's, with the same site layer beneath: a service's environment that is
     * missing or not Ready holds the job back like its own, and the message names the service.
     *
     * @param cluster the SlurmCluster the job is placed on, when it is known and exists
     */
    public EnvironmentView of(ObjectMeta job, HpcJobSpec spec, Optional<SlurmCluster> cluster) {
        SiteLayer site = siteLayer(cluster);
        if (site.problem() != null) {
            return site.problem();
        }
        EnvironmentView own = jobsOwn(job, spec, site);
        if (!(own instanceof EnvironmentView.Ready ready) || spec.getServices().isEmpty()) {
            return own;
        }
        Map<String, ResolvedEnvironment> services = new LinkedHashMap<>();
        for (int i = 0; i < spec.getServices().size(); i++) {
            JobService service = spec.getServices().get(i);
            if (service == null || service.getEnvironmentRef() == null) {
                continue;
            }
            EnvironmentView view = named(job.getNamespace(), service.getEnvironmentRef(), site);
            if (view instanceof EnvironmentView.NotReady no) {
                return new EnvironmentView.NotReady(
                        no.reason(), "spec.services[" + i + "].environmentRef: " + no.message());
            }
            services.put(service.getName(), ((EnvironmentView.Ready) view).environment());
        }
        return new EnvironmentView.Ready(ready.environment(), ready.digest(), ready.site(), services);
    }

    /** The site layer of the job's cluster: none, the layer, or why the job waits for it. */
    private record SiteLayer(
            Optional<EnvironmentSource> source, AppliedSiteEnvironment applied, EnvironmentView.NotReady problem) {}

    private SiteLayer siteLayer(Optional<SlurmCluster> cluster) {
        String siteName = cluster.map(
                        c -> c.getSpec() == null ? null : c.getSpec().getSiteEnvironment())
                .map(s -> s.getName())
                .orElse(null);
        if (siteName == null) {
            return new SiteLayer(Optional.empty(), null, null);
        }
        String label = "site environment ClusterHpcEnvironment " + siteName + " of SlurmCluster "
                + cluster.get().getMetadata().getName();
        Optional<ClusterHpcEnvironment> env = lookup.clusterScoped(siteName);
        if (env.isEmpty()) {
            return new SiteLayer(
                    Optional.empty(),
                    null,
                    new EnvironmentView.NotReady(
                            ConditionReasons.Job.ENVIRONMENT_NOT_FOUND,
                            "the " + label + " does not exist (hint: an admin creates it, or clears the cluster's "
                                    + "spec.siteEnvironment); the job waits for it"));
        }
        Optional<EnvironmentView.NotReady> notReady = notReady(env.get(), "the " + label);
        if (notReady.isPresent()) {
            return new SiteLayer(Optional.empty(), null, notReady.get());
        }
        return new SiteLayer(
                Optional.of(EnvironmentSource.clusterScoped(
                        siteName, specOf(env.get().getSpec()))),
                new AppliedSiteEnvironment(siteName, env.get().getStatus().getDigest()),
                null);
    }

    private EnvironmentView jobsOwn(ObjectMeta job, HpcJobSpec spec, SiteLayer site) {
        String namespace = job.getNamespace();
        EnvironmentRef ref = spec.getEnvironmentRef();
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
                    site.source(),
                    site.applied(),
                    "spec.environment");
        }
        return named(namespace, ref, site);
    }

    private EnvironmentView named(String namespace, EnvironmentRef ref, SiteLayer layer) {
        Optional<EnvironmentSource> site = layer.source();
        AppliedSiteEnvironment applied = layer.applied();
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
