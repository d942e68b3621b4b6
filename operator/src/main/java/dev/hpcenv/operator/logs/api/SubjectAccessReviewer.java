package dev.hpcenv.operator.logs.api;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Asks the API server with a SubjectAccessReview (authorization.k8s.io/v1) whether the user and
 * their groups may {@code get} the HpcJob (group hpcenv.dev, resource hpcjobs) of that namespace and
 * name. The chart's ClusterRoleBinding to system:auth-delegator grants the operator the create.
 */
final class SubjectAccessReviewer implements AccessReviewer {

    static final String GROUP = "hpcenv.dev";
    static final String RESOURCE = "hpcjobs";

    private final KubernetesClient client;

    SubjectAccessReviewer(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Decision review(RemoteUser user, String namespace, String name) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user.name())
                .withGroups(user.groups())
                .withNewResourceAttributes()
                .withVerb("get")
                .withGroup(GROUP)
                .withResource(RESOURCE)
                .withNamespace(namespace)
                .withName(name)
                .endResourceAttributes()
                .endSpec()
                .build();
        SubjectAccessReview answer =
                client.authorization().v1().subjectAccessReview().create(review);
        if (answer == null || answer.getStatus() == null) {
            return new Decision(false, "");
        }
        boolean allowed = Boolean.TRUE.equals(answer.getStatus().getAllowed())
                && !Boolean.TRUE.equals(answer.getStatus().getDenied());
        String reason = answer.getStatus().getReason();
        return new Decision(allowed, reason == null ? "" : reason);
    }
}
