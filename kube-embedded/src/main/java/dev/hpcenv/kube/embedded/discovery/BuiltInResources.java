package dev.hpcenv.kube.embedded.discovery;

import java.util.List;

/**
 * The Kubernetes kinds the operator and kubectl need besides the project's own: Namespaces and
 * Secrets (user facing), ConfigMaps, ServiceAccounts, Events (both APIs, for kubectl describe and
 * the operator's event recorder), Leases (leader election), CustomResourceDefinitions, the RBAC
 * kinds the authorizer reads, and APIServices with the Services, Endpoints and EndpointSlices
 * that lead to their backends (aggregation).
 */
public final class BuiltInResources {

    public static final ResourceType NAMESPACES =
            core("namespaces", "namespace", "Namespace", false, List.of("ns"), true);
    public static final ResourceType SECRETS = core("secrets", "secret", "Secret", true, List.of(), false);
    public static final ResourceType CONFIG_MAPS =
            core("configmaps", "configmap", "ConfigMap", true, List.of("cm"), false);
    public static final ResourceType SERVICE_ACCOUNTS =
            core("serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), false);
    public static final ResourceType EVENTS = core("events", "event", "Event", true, List.of("ev"), false);
    public static final ResourceType LEASES = new ResourceType(
            "coordination.k8s.io",
            "v1",
            "leases",
            "lease",
            "Lease",
            true,
            List.of(),
            List.of(),
            false,
            List.of(),
            null);
    public static final ResourceType EVENTS_V1 = new ResourceType(
            "events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev"), List.of(), false, List.of(), null);
    public static final ResourceType CUSTOM_RESOURCE_DEFINITIONS = new ResourceType(
            "apiextensions.k8s.io",
            "v1",
            "customresourcedefinitions",
            "customresourcedefinition",
            "CustomResourceDefinition",
            false,
            List.of("crd", "crds"),
            List.of("api-extensions"),
            true,
            List.of(),
            null);

    public static final ResourceType SERVICES = core("services", "service", "Service", true, List.of("svc"), false);
    public static final ResourceType ENDPOINTS =
            core("endpoints", "endpoints", "Endpoints", true, List.of("ep"), false);
    public static final ResourceType ENDPOINT_SLICES =
            other("discovery.k8s.io", "endpointslices", "endpointslice", "EndpointSlice", true, List.of());
    public static final ResourceType ROLES = rbac("roles", "role", "Role", true);
    public static final ResourceType CLUSTER_ROLES = rbac("clusterroles", "clusterrole", "ClusterRole", false);
    public static final ResourceType ROLE_BINDINGS = rbac("rolebindings", "rolebinding", "RoleBinding", true);
    public static final ResourceType CLUSTER_ROLE_BINDINGS =
            rbac("clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false);
    public static final ResourceType API_SERVICES =
            other("apiregistration.k8s.io", "apiservices", "apiservice", "APIService", false, List.of());

    public static final List<ResourceType> ALL = List.of(
            NAMESPACES,
            SECRETS,
            CONFIG_MAPS,
            SERVICE_ACCOUNTS,
            EVENTS,
            SERVICES,
            ENDPOINTS,
            LEASES,
            EVENTS_V1,
            CUSTOM_RESOURCE_DEFINITIONS,
            ENDPOINT_SLICES,
            ROLES,
            CLUSTER_ROLES,
            ROLE_BINDINGS,
            CLUSTER_ROLE_BINDINGS,
            API_SERVICES);

    /** Namespaces created when the API starts, as a fresh cluster has them. */
    public static final List<String> INITIAL_NAMESPACES =
            List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private BuiltInResources() {}

    private static ResourceType rbac(String plural, String singular, String kind, boolean namespaced) {
        return other("rbac.authorization.k8s.io", plural, singular, kind, namespaced, List.of());
    }

    private static ResourceType other(
            String group, String plural, String singular, String kind, boolean namespaced, List<String> shortNames) {
        return new ResourceType(
                group, "v1", plural, singular, kind, namespaced, shortNames, List.of(), false, List.of(), null);
    }

    private static ResourceType core(
            String plural, String singular, String kind, boolean namespaced, List<String> shortNames, boolean status) {
        return new ResourceType(
                "", "v1", plural, singular, kind, namespaced, shortNames, List.of(), status, List.of(), null);
    }
}
