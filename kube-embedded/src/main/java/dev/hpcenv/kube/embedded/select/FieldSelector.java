package dev.hpcenv.kube.embedded.select;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code fieldSelector} ({@code a.b=x,c!=y}, values with backslash escapes), evaluated on
 * the JSON object, on any field (kubectl describe selects events by {@code involvedObject.*}).
 * An absent field compares as the empty string, as on a real API server.
 */
public final class FieldSelector {

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /** Parses a selector; throws {@link IllegalArgumentException} with a message naming the bad term. */
    public static FieldSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String term : splitUnescaped(selector)) {
            requirements.add(Requirement.parse(term.trim()));
        }
        return new FieldSelector(requirements);
    }

    public boolean matches(JsonNode object) {
        for (Requirement requirement : requirements) {
            if (!requirement.matches(object)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    private static List<String> splitUnescaped(String selector) {
        List<String> terms = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '\\' && i + 1 < selector.length()) {
                current.append(c).append(selector.charAt(++i));
            } else if (c == ',') {
                terms.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        terms.add(current.toString());
        return terms;
    }

    private record Requirement(List<String> path, boolean equal, String value) {

        static Requirement parse(String term) {
            int at = indexOfOperator(term);
            if (at < 0) {
                throw new IllegalArgumentException("invalid field selector term '" + term
                        + "': expected field=value, field==value or field!=value");
            }
            boolean notEqual = term.charAt(at) == '!';
            int valueStart = notEqual || term.startsWith("==", at) ? at + 2 : at + 1;
            String field = term.substring(0, at).trim();
            return new Requirement(List.of(field.split("\\.")), !notEqual, unescape(term.substring(valueStart)));
        }

        private static int indexOfOperator(String term) {
            for (int i = 0; i < term.length(); i++) {
                char c = term.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '=' || (c == '!' && i + 1 < term.length() && term.charAt(i + 1) == '=')) {
                    return i;
                }
            }
            return -1;
        }

        private static String unescape(String value) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length()) {
                    c = value.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }

        boolean matches(JsonNode object) {
            JsonNode node = object;
            for (String segment : path) {
                node = node.path(segment);
            }
            String actual = node.isValueNode() ? node.asText() : "";
            return actual.equals(value) == equal;
        }
    }
}
