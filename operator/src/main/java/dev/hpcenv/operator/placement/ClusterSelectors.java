package dev.hpcenv.operator.placement;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes label selector semantics for {@code spec.clusterRef.selector}: every matchLabels pair
 * and every matchExpressions requirement must hold; an empty selector matches every SlurmCluster
 * (as {@code kubectl get -l ''} does).
 */
public final class ClusterSelectors {

    private ClusterSelectors() {}

    /** What the schema cannot say about a selector, each naming the field; empty when it can be used. */
    public static List<String> problems(LabelSelector selector, String field) {
        List<String> problems = new ArrayList<>();
        if (selector == null || selector.getMatchExpressions() == null) {
            return problems;
        }
        for (int i = 0; i < selector.getMatchExpressions().size(); i++) {
            LabelSelectorRequirement r = selector.getMatchExpressions().get(i);
            String at = field + ".matchExpressions[" + i + "]";
            String op = r == null ? null : r.getOperator();
            boolean hasValues =
                    r != null && r.getValues() != null && !r.getValues().isEmpty();
            if (r == null || r.getKey() == null || r.getKey().isBlank()) {
                problems.add(at + ".key: missing (hint: name the label, e.g. hpcenv.dev/interconnect)");
            } else if ("In".equals(op) || "NotIn".equals(op)) {
                if (!hasValues) {
                    problems.add(at + ".values: " + op + " needs at least one value");
                }
            } else if ("Exists".equals(op) || "DoesNotExist".equals(op)) {
                if (hasValues) {
                    problems.add(at + ".values: " + op + " takes no values (hint: remove them, or use In)");
                }
            } else {
                problems.add(at + ".operator: '" + op + "' is not In, NotIn, Exists or DoesNotExist");
            }
        }
        return problems;
    }

    /** True when the labels satisfy the selector; a selector with {@link #problems} matches nothing. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null || !problems(selector, "selector").isEmpty()) {
            return false;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(have.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String value = have.get(r.getKey());
                boolean holds = switch (r.getOperator()) {
                    case "In" -> value != null && r.getValues().contains(value);
                    case "NotIn" -> value == null || !r.getValues().contains(value);
                    case "Exists" -> have.containsKey(r.getKey());
                    default -> !have.containsKey(r.getKey());
                };
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }
}
