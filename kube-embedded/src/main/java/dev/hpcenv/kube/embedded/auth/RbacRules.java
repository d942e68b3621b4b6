package dev.hpcenv.kube.embedded.auth;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether one {@code rbac.authorization.k8s.io/v1} PolicyRule allows a request, with the API
 * server's matching: {@code *} for verbs, groups and resources, {@code resource/subresource} and
 * {@code *}{@code /subresource}, resourceNames (empty: any name), nonResourceURLs with a trailing
 * {@code *} as a prefix match. A malformed rule (a field of the wrong type) allows nothing.
 */
public final class RbacRules {

    private RbacRules() {}

    public static boolean allows(JsonNode rule, RequestAttributes request) {
        if (!contains(rule.path("verbs"), request.verb())) {
            return false;
        }
        if (!request.resourceRequest()) {
            return nonResourceUrlMatches(rule.path("nonResourceURLs"), request.path());
        }
        return contains(rule.path("apiGroups"), request.apiGroup())
                && resourceMatches(rule.path("resources"), request.resource(), request.subresource())
                && resourceNameMatches(rule.path("resourceNames"), request.name());
    }

    private static boolean contains(JsonNode values, String wanted) {
        for (JsonNode value : values) {
            if (value.isTextual()
                    && (value.asText().equals("*") || value.asText().equals(wanted))) {
                return true;
            }
        }
        return false;
    }

    private static boolean resourceMatches(JsonNode resources, String resource, String subresource) {
        String combined = subresource.isEmpty() ? resource : resource + "/" + subresource;
        for (JsonNode value : resources) {
            if (!value.isTextual()) {
                continue;
            }
            String rule = value.asText();
            if (rule.equals("*") || rule.equals(combined)) {
                return true;
            }
            if (!subresource.isEmpty() && rule.equals("*/" + subresource)) {
                return true;
            }
        }
        return false;
    }

    private static boolean resourceNameMatches(JsonNode names, String name) {
        if (!names.isArray() || names.isEmpty()) {
            return names.isMissingNode() || names.isNull() || names.isArray();
        }
        for (JsonNode value : names) {
            if (value.isTextual() && value.asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean nonResourceUrlMatches(JsonNode urls, String path) {
        for (JsonNode value : urls) {
            if (!value.isTextual()) {
                continue;
            }
            String rule = value.asText();
            if (rule.equals("*") || rule.equals(path)) {
                return true;
            }
            if (rule.endsWith("*") && path.startsWith(rule.substring(0, rule.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
