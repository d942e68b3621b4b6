package dev.hpcenv.kube.embedded.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpcenv.kube.embedded.select.StructuredLabelSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The RBAC authorizer over the stored Roles, ClusterRoles, RoleBindings and ClusterRoleBindings, read
 * at each decision: ClusterRoleBindings first, then the RoleBindings of the request's namespace;
 * subjects User, Group and ServiceAccount; a ClusterRole with an aggregationRule has the union of the
 * rules of the ClusterRoles its selectors match (computed here, transitively, where a real cluster's
 * controller writes them into the role). system:masters is allowed everything before RBAC is asked,
 * as by the API server's privileged-group authorizer. Reasons are worded as the API server's.
 */
public final class RbacAuthorizer {

    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    /** The decision; {@code reason} names the granting binding, or the binding errors met when denied ("" if none). */
    public record Decision(boolean allowed, String reason) {}

    private final RbacObjects objects;

    public RbacAuthorizer(RbacObjects objects) {
        this.objects = objects;
    }

    public Decision authorize(RequestAttributes request) {
        if (request.identity().isPrivileged()) {
            return new Decision(true, "");
        }
        Evaluation evaluation = new Evaluation(request.identity());
        Optional<String> grant = evaluation.visit(request.namespace(), rule -> RbacRules.allows(rule, request));
        return grant.map(source -> new Decision(true, "RBAC: allowed by " + source))
                .orElseGet(() -> new Decision(false, evaluation.errorReason()));
    }

    /** Every rule that applies to {@code identity} in {@code namespace} ("" for cluster-wide bindings only). */
    public List<JsonNode> rulesFor(Identity identity, String namespace) {
        List<JsonNode> rules = new ArrayList<>();
        new Evaluation(identity).visit(namespace, rule -> {
            rules.add(rule);
            return false;
        });
        return rules;
    }

    private interface RuleVisitor {
        boolean allows(JsonNode rule);
    }

    /** One decision's view of the objects: the ClusterRoles are read once, errors gathered. */
    private final class Evaluation {
        private final Identity identity;
        private final List<String> errors = new ArrayList<>();
        private Map<String, JsonNode> clusterRoles;

        Evaluation(Identity identity) {
            this.identity = identity;
        }

        /** The description of the binding whose rule the visitor accepted, if one did. */
        Optional<String> visit(String namespace, RuleVisitor visitor) {
            for (JsonNode binding : objects.clusterRoleBindings()) {
                Optional<String> found = visitBinding(binding, "", visitor);
                if (found.isPresent()) {
                    return found;
                }
            }
            if (!namespace.isEmpty()) {
                for (JsonNode binding : objects.roleBindings(namespace)) {
                    Optional<String> found = visitBinding(binding, namespace, visitor);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        }

        private Optional<String> visitBinding(JsonNode binding, String namespace, RuleVisitor visitor) {
            Optional<JsonNode> subject = applyingSubject(binding.path("subjects"), namespace);
            if (subject.isEmpty()) {
                return Optional.empty();
            }
            JsonNode roleRef = binding.path("roleRef");
            String kind = roleRef.path("kind").asText();
            String roleName = roleRef.path("name").asText();
            List<JsonNode> rules;
            if (kind.equals("ClusterRole")) {
                rules = clusterRoleRules(roleName);
            } else if (kind.equals("Role") && !namespace.isEmpty()) {
                rules = roleRules(namespace, roleName);
            } else {
                errors.add("unsupported role reference kind: \"" + kind + "\"");
                return Optional.empty();
            }
            for (JsonNode rule : rules) {
                if (visitor.allows(rule)) {
                    String bindingName = binding.path("metadata").path("name").asText();
                    return Optional.of((namespace.isEmpty()
                                    ? "ClusterRoleBinding \"" + bindingName + "\""
                                    : "RoleBinding \"" + bindingName + "/" + namespace + "\"")
                            + " of " + kind + " \"" + roleName + "\" to "
                            + describe(subject.get(), namespace));
                }
            }
            return Optional.empty();
        }

        private Optional<JsonNode> applyingSubject(JsonNode subjects, String bindingNamespace) {
            for (JsonNode subject : subjects) {
                String name = subject.path("name").asText();
                boolean applies = switch (subject.path("kind").asText()) {
                    case "User" -> identity.user().equals(name);
                    case "Group" -> identity.groups().contains(name);
                    case "ServiceAccount" -> {
                        String saNamespace = subject.path("namespace").asText(bindingNamespace);
                        saNamespace = saNamespace.isEmpty() ? bindingNamespace : saNamespace;
                        yield !saNamespace.isEmpty()
                                && identity.user().equals("system:serviceaccount:" + saNamespace + ":" + name);
                    }
                    default -> false;
                };
                if (applies) {
                    return Optional.of(subject);
                }
            }
            return Optional.empty();
        }

        private List<JsonNode> roleRules(String namespace, String name) {
            Optional<JsonNode> role = objects.role(namespace, name);
            if (role.isEmpty()) {
                errors.add("role." + RBAC_GROUP + " \"" + name + "\" not found");
                return List.of();
            }
            return list(role.get().path("rules"));
        }

        private List<JsonNode> clusterRoleRules(String name) {
            if (clusterRoles == null) {
                clusterRoles = new HashMap<>();
                for (JsonNode role : objects.clusterRoles()) {
                    clusterRoles.put(role.path("metadata").path("name").asText(), role);
                }
            }
            if (!clusterRoles.containsKey(name)) {
                errors.add("clusterrole." + RBAC_GROUP + " \"" + name + "\" not found");
                return List.of();
            }
            List<JsonNode> rules = new ArrayList<>();
            collect(name, new HashSet<>(), rules);
            return rules;
        }

        // A role with an aggregationRule has exactly the rules of the roles it selects (the
        // controller of a real cluster overwrites its rules with them), which may aggregate in turn.
        private void collect(String name, Set<String> seen, List<JsonNode> rules) {
            JsonNode role = clusterRoles.get(name);
            if (role == null || !seen.add(name)) {
                return;
            }
            JsonNode aggregation = role.path("aggregationRule");
            if (!aggregation.isObject()) {
                rules.addAll(list(role.path("rules")));
                return;
            }
            for (Map.Entry<String, JsonNode> other : clusterRoles.entrySet()) {
                for (JsonNode selector : aggregation.path("clusterRoleSelectors")) {
                    if (!other.getKey().equals(name) && StructuredLabelSelector.matches(selector, other.getValue())) {
                        collect(other.getKey(), seen, rules);
                        break;
                    }
                }
            }
        }

        String errorReason() {
            if (errors.isEmpty()) {
                return "";
            }
            // The API server's authorizer chain names the authorizer ("rbac: ") before the reason it gives.
            return "rbac: RBAC: " + (errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        }
    }

    private static String describe(JsonNode subject, String bindingNamespace) {
        String kind = subject.path("kind").asText();
        String name = subject.path("name").asText();
        if (kind.equals("ServiceAccount")) {
            String namespace = subject.path("namespace").asText("");
            name = name + "/" + (namespace.isEmpty() ? bindingNamespace : namespace);
        }
        return kind + " \"" + name + "\"";
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> values = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(values::add);
        }
        return values;
    }
}
