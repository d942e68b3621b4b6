package dev.hpcenv.kube.embedded.select;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A parsed {@code labelSelector}: {@code k=v}, {@code k==v}, {@code k!=v}, {@code k}, {@code !k},
 * {@code k in (a,b)}, {@code k notin (a,b)}, joined by commas.
 */
public final class LabelSelector {

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** Parses a selector; throws {@link IllegalArgumentException} naming the bad term. */
    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String term : splitOutsideParentheses(selector)) {
            requirements.add(Requirement.parse(term.trim()));
        }
        return new LabelSelector(requirements);
    }

    public boolean matches(JsonNode object) {
        JsonNode labels = object.path("metadata").path("labels");
        for (Requirement requirement : requirements) {
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> splitOutsideParentheses(String selector) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    private enum Operator {
        EQUALS,
        NOT_EQUALS,
        EXISTS,
        NOT_EXISTS,
        IN,
        NOT_IN
    }

    private record Requirement(String key, Operator operator, Set<String> values) {

        static Requirement parse(String term) {
            if (term.startsWith("!")) {
                return new Requirement(term.substring(1).trim(), Operator.NOT_EXISTS, Set.of());
            }
            String[] setTerm = term.split("\\s+(notin|in)\\s+", 2);
            if (setTerm.length == 2) {
                boolean notIn = term.matches("(?s).*\\s+notin\\s+.*");
                String list = setTerm[1].trim();
                if (!list.startsWith("(") || !list.endsWith(")")) {
                    throw new IllegalArgumentException(
                            "invalid label selector term '" + term + "': expected key in (a,b) or key notin (a,b)");
                }
                Set<String> values =
                        Set.of(list.substring(1, list.length() - 1).trim().split("\\s*,\\s*"));
                return new Requirement(setTerm[0].trim(), notIn ? Operator.NOT_IN : Operator.IN, values);
            }
            int notEquals = term.indexOf("!=");
            if (notEquals > 0) {
                return new Requirement(
                        term.substring(0, notEquals).trim(),
                        Operator.NOT_EQUALS,
                        Set.of(term.substring(notEquals + 2).trim()));
            }
            int equals = term.indexOf('=');
            if (equals > 0) {
                int valueStart = term.startsWith("==", equals) ? equals + 2 : equals + 1;
                return new Requirement(
                        term.substring(0, equals).trim(),
                        Operator.EQUALS,
                        Set.of(term.substring(valueStart).trim()));
            }
            if (term.isEmpty() || term.contains(" ")) {
                throw new IllegalArgumentException("invalid label selector term '" + term + "'");
            }
            return new Requirement(term, Operator.EXISTS, Set.of());
        }

        boolean matches(JsonNode labels) {
            JsonNode value = labels.get(key);
            boolean present = value != null && value.isTextual();
            String text = present ? value.asText() : null;
            return switch (operator) {
                case EXISTS -> present;
                case NOT_EXISTS -> !present;
                case EQUALS, IN -> present && values.contains(text);
                case NOT_EQUALS, NOT_IN -> !present || !values.contains(text);
            };
        }
    }
}
