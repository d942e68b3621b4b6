package dev.hpcenv.kube.embedded.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The subset of Kubernetes JSONPath that CRD printer columns use: {@code .a.b}, {@code ['a.b']},
 * {@code [0]}, {@code [*]}, {@code .*} and filters such as
 * {@code .status.conditions[?(@.type=="Ready")].status} (operators {@code ==} and {@code !=}, or a
 * bare {@code @.field} for existence). Ranges, unions and recursive descent are refused at parse time.
 */
public final class SimpleJsonPath {

    private final String source;
    private final List<Step> steps;

    private SimpleJsonPath(String source, List<Step> steps) {
        this.source = source;
        this.steps = steps;
    }

    /** Parses an expression, with or without the surrounding braces kubectl's templates use. */
    public static SimpleJsonPath parse(String expression) {
        String text = expression.trim();
        if (text.startsWith("{") && text.endsWith("}")) {
            text = text.substring(1, text.length() - 1).trim();
        }
        if (text.startsWith("$")) {
            text = text.substring(1);
        }
        return new SimpleJsonPath(expression, new Parser(expression, text).steps());
    }

    /** Every node the path selects, in document order; empty when nothing matches. */
    public List<JsonNode> evaluate(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                step.select(node, next);
            }
            current = next;
        }
        return current;
    }

    @Override
    public String toString() {
        return source;
    }

    private sealed interface Step permits Field, Index, Wildcard, Filter {
        void select(JsonNode node, List<JsonNode> out);
    }

    private record Field(String name) implements Step {
        @Override
        public void select(JsonNode node, List<JsonNode> out) {
            JsonNode child = node.get(name);
            if (child != null && !child.isMissingNode() && node.isObject()) {
                out.add(child);
            }
        }
    }

    private record Index(int index) implements Step {
        @Override
        public void select(JsonNode node, List<JsonNode> out) {
            if (node.isArray()) {
                int resolved = index < 0 ? node.size() + index : index;
                if (resolved >= 0 && resolved < node.size()) {
                    out.add(node.get(resolved));
                }
            }
        }
    }

    private record Wildcard() implements Step {
        @Override
        public void select(JsonNode node, List<JsonNode> out) {
            if (node.isArray() || node.isObject()) {
                node.elements().forEachRemaining(out::add);
            }
        }
    }

    /** {@code [?(@.path OP literal)]}; with a null operator, the path merely has to exist. */
    private record Filter(List<Step> path, String operator, String literal) implements Step {
        @Override
        public void select(JsonNode node, List<JsonNode> out) {
            if (!node.isArray()) {
                return;
            }
            for (JsonNode element : node) {
                List<JsonNode> values = new SimpleJsonPath("@", path).evaluate(element);
                if (operator == null ? !values.isEmpty() : matches(values)) {
                    out.add(element);
                }
            }
        }

        private boolean matches(List<JsonNode> values) {
            boolean equal = !values.isEmpty() && Objects.equals(asText(values.get(0)), literal);
            return operator.equals("==") == equal;
        }

        private static String asText(JsonNode value) {
            return value.isValueNode() ? value.asText() : value.toString();
        }
    }

    private static final class Parser {
        private final String original;
        private final String text;
        private int pos;

        Parser(String original, String text) {
            this.original = original;
            this.text = text;
        }

        List<Step> steps() {
            List<Step> steps = new ArrayList<>();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '.') {
                    pos++;
                    if (pos < text.length() && text.charAt(pos) == '.') {
                        throw error("recursive descent (..) is not supported");
                    }
                    if (pos < text.length() && text.charAt(pos) == '*') {
                        pos++;
                        steps.add(new Wildcard());
                    } else {
                        steps.add(new Field(name()));
                    }
                } else if (c == '[') {
                    steps.add(bracket());
                } else {
                    throw error("unexpected '" + c + "'");
                }
            }
            return steps;
        }

        private String name() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != '.' && text.charAt(pos) != '[') {
                pos++;
            }
            if (start == pos) {
                throw error("empty field name");
            }
            return text.substring(start, pos);
        }

        private Step bracket() {
            int close = closingBracket();
            String inner = text.substring(pos + 1, close).trim();
            pos = close + 1;
            if (inner.equals("*")) {
                return new Wildcard();
            }
            if (inner.startsWith("?(") && inner.endsWith(")")) {
                return filter(inner.substring(2, inner.length() - 1).trim());
            }
            if (isQuoted(inner)) {
                return new Field(inner.substring(1, inner.length() - 1));
            }
            try {
                return new Index(Integer.parseInt(inner));
            } catch (NumberFormatException e) {
                throw error("unsupported subscript [" + inner + "]");
            }
        }

        private int closingBracket() {
            char quote = 0;
            for (int i = pos + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == ']') {
                    return i;
                }
            }
            throw error("unclosed '['");
        }

        private Step filter(String condition) {
            String operator = condition.contains("==") ? "==" : condition.contains("!=") ? "!=" : null;
            String left = operator == null
                    ? condition
                    : condition.substring(0, condition.indexOf(operator)).trim();
            if (!left.startsWith("@")) {
                throw error("a filter must start with @");
            }
            List<Step> path = new Parser(original, left.substring(1)).steps();
            if (operator == null) {
                return new Filter(path, null, null);
            }
            String right = condition.substring(condition.indexOf(operator) + 2).trim();
            String literal = isQuoted(right) ? right.substring(1, right.length() - 1) : right;
            return new Filter(path, operator, literal);
        }

        private static boolean isQuoted(String s) {
            return s.length() >= 2
                    && (s.charAt(0) == '\'' || s.charAt(0) == '"')
                    && s.charAt(s.length() - 1) == s.charAt(0);
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSONPath '" + original + "': " + what);
        }
    }
}
