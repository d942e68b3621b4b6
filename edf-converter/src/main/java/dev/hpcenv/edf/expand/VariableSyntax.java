package dev.hpcenv.edf.expand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The EDF variable syntax: {@code ${VAR}}, {@code ${VAR:-default}} (default when unset or empty; the
 * default may itself contain references), {@code $$} for a literal {@code $}. {@code $VAR} without braces
 * is not a reference and stays literal, as in the CSCS Container Engine.
 */
public final class VariableSyntax {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private VariableSyntax() {}

    /** Expands every reference in {@code text} from {@code variables}. */
    public static String expand(String text, Map<String, String> variables) throws ExpansionProblem {
        StringBuilder out = new StringBuilder(text.length());
        int end = scan(text, 0, false, variables, out);
        if (end != text.length()) {
            throw new IllegalStateException("scanner stopped early");
        }
        return out.toString();
    }

    /** Checks the syntax only (every variable counts as defined); returns the problem or null. */
    public static ExpansionProblem syntaxProblem(String text) {
        try {
            scan(text, 0, false, null, new StringBuilder());
            return null;
        } catch (ExpansionProblem p) {
            return p;
        }
    }

    /** Whether {@code text} has at least one {@code ${...}} reference (an escaped {@code $${} is none). */
    public static boolean hasReferences(String text) {
        for (int i = 0; i < text.length() - 1; i++) {
            if (text.charAt(i) == '$') {
                char next = text.charAt(i + 1);
                if (next == '$') {
                    i++;
                } else if (next == '{') {
                    return true;
                }
            }
        }
        return false;
    }

    /** Splits on {@code separator} outside references, so {@code ${A:-x}:/t} gives two parts. */
    public static List<String> splitOutsideReferences(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                if (next == '$') {
                    i++;
                    continue;
                }
                if (next == '{') {
                    depth++;
                    i++;
                    continue;
                }
            }
            if (c == '}' && depth > 0) {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    // Appends the expansion of text[pos..] to out and returns where it stopped: at the end, or (nested) at the
    // closing brace of the enclosing reference. variables == null means "check syntax only".
    private static int scan(String text, int pos, boolean nested, Map<String, String> variables, StringBuilder out)
            throws ExpansionProblem {
        int i = pos;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (nested && c == '}') {
                return i;
            }
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                i = reference(text, i, variables, out);
            } else {
                out.append('$');
                i++;
            }
        }
        if (nested) {
            throw ExpansionProblem.syntax(
                    "unterminated variable reference in '" + text + "'",
                    "close it with }, or write $$ for a literal $");
        }
        return i;
    }

    // text[start] is '$', text[start+1] is '{'; returns the index after the closing brace.
    private static int reference(String text, int start, Map<String, String> variables, StringBuilder out)
            throws ExpansionProblem {
        int nameStart = start + 2;
        int i = nameStart;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        String name = text.substring(nameStart, i);
        if (i >= text.length()) {
            throw ExpansionProblem.syntax(
                    "unterminated variable reference '" + text.substring(start) + "'",
                    "close it with }, or write $$ for a literal $");
        }
        if (!NAME.matcher(name).matches()) {
            throw ExpansionProblem.syntax(
                    "invalid variable name in '" + text.substring(start, Math.min(text.length(), i + 1)) + "'",
                    "a name starts with a letter or _ and has letters, digits and _ only");
        }
        char after = text.charAt(i);
        String value = variables == null ? "" : variables.get(name);
        if (after == '}') {
            if (variables != null && value == null) {
                throw ExpansionProblem.undefined(name);
            }
            out.append(value);
            return i + 1;
        }
        if (after == ':' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
            boolean useFallback = value == null || value.isEmpty();
            StringBuilder fallback = new StringBuilder();
            // The default is only checked, not expanded, when the variable is set: bash is lazy here too.
            int close = scan(text, i + 2, true, useFallback ? variables : null, fallback);
            out.append(useFallback ? fallback : value);
            return close + 1;
        }
        throw ExpansionProblem.syntax(
                "unsupported expansion '" + text.substring(start) + "'",
                "only ${VAR} and ${VAR:-default} are supported; write $$ for a literal $");
    }
}
