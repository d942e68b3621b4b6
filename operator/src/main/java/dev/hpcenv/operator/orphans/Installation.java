package dev.hpcenv.operator.orphans;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This operator installation's id, which marks its Slurm jobs. It must be the same for every replica
 * and across restarts, and differ between installations that share a Slurm (two Kubernetes clusters,
 * or a test cluster beside production): the configured id, else the UID of the operator's own
 * namespace, which the API server assigned once and which every replica reads alike.
 *
 * @param id     null when none is configured and the namespace could not be read: jobs then carry a
 *               bare UID and no orphan is collected
 * @param source where the id came from, for the start-up log
 */
public record Installation(String id, String source) {

    private static final Logger LOG = LoggerFactory.getLogger(Installation.class);

    public Optional<String> known() {
        return Optional.ofNullable(id);
    }

    /** Reads the id; a namespace that cannot be read is a warning (the operator still runs), never a failure. */
    public static Installation resolve(KubernetesClient client, OrphanSettings settings) {
        if (settings.installationId().isPresent()) {
            return new Installation(settings.installationId().get(), OrphanSettings.INSTALLATION_ID);
        }
        String namespace = settings.namespace();
        try {
            Namespace ns = client.namespaces().withName(namespace).get();
            if (ns != null
                    && ns.getMetadata().getUid() != null
                    && !ns.getMetadata().getUid().isEmpty()) {
                return new Installation(ns.getMetadata().getUid(), "the UID of namespace " + namespace);
            }
            LOG.warn(
                    "no installation id: namespace {} was not found; Slurm jobs carry the bare HpcJob UID and "
                            + "orphaned jobs are not cancelled (set {} or let the operator read namespace {})",
                    namespace,
                    OrphanSettings.INSTALLATION_ID,
                    namespace);
        } catch (KubernetesClientException e) {
            LOG.warn(
                    "no installation id: cannot read namespace {} (HTTP {}); Slurm jobs carry the bare HpcJob UID and "
                            + "orphaned jobs are not cancelled (grant get on namespaces/{} or set {})",
                    namespace,
                    e.getCode(),
                    namespace,
                    OrphanSettings.INSTALLATION_ID);
        }
        return new Installation(null, "none");
    }
}
