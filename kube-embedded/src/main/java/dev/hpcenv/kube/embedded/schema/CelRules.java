package dev.hpcenv.kube.embedded.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles and runs the CEL of {@code x-kubernetes-validations} with Google's cel-java: standard CEL
 * with RE2 regular expressions and the string extensions, as the API server offers them. Not
 * offered: the Kubernetes-only libraries (quantity(), url(), ip(), isSorted(), ...) and the cost
 * budget; a bound on comprehension iterations stands in for the budget, so that no body can keep a
 * worker busy. A rule that does not compile is reported on the object (a cluster would have refused
 * the CRD).
 */
final class CelRules {

    /** What one evaluation gave: the boolean, or why there is none. */
    record Outcome(boolean passed, String error) {}

    // Far above what a rule over a list bounded by maxItems needs (512 x 512 for userMappings' uniqueness).
    private static final int MAX_ITERATIONS = 1_000_000;
    private static final CelOptions OPTIONS = CelOptions.current()
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .enableHeterogeneousNumericComparisons(true)
            .build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings())
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addLibraries(CelExtensions.strings())
            .build();
    // Rules of every served CRD, by text; a handful in practice.
    private static final Map<String, Compiled> PROGRAMS = new ConcurrentHashMap<>();

    private record Compiled(CelRuntime.Program program, String error) {}

    private CelRules() {}

    /** Runs a boolean rule with {@code self} (and {@code oldSelf} when not null) bound. */
    static Outcome check(String rule, JsonNode self, JsonNode oldSelf) {
        Compiled compiled = compile(rule);
        if (compiled.error() != null) {
            return new Outcome(false, "compilation failed: " + compiled.error());
        }
        try {
            Object result = compiled.program().eval(bindings(self, oldSelf));
            if (result instanceof Boolean passed) {
                return new Outcome(passed, null);
            }
            return new Outcome(false, "rule did not evaluate to a bool");
        } catch (CelEvaluationException | RuntimeException e) {
            return new Outcome(false, "evaluation error: " + oneLine(e.getMessage()));
        }
    }

    /** The string a {@code messageExpression} gives, or null when it gives none. */
    static String message(String expression, JsonNode self, JsonNode oldSelf) {
        Compiled compiled = compile(expression);
        if (compiled.error() != null) {
            return null;
        }
        try {
            Object result = compiled.program().eval(bindings(self, oldSelf));
            return result instanceof String text && !text.isBlank() ? text : null;
        } catch (CelEvaluationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether a rule is a transition rule, which runs only on updates that had an old value. */
    static boolean usesOldSelf(String rule) {
        return rule.contains("oldSelf");
    }

    private static Compiled compile(String rule) {
        return PROGRAMS.computeIfAbsent(rule, text -> {
            try {
                CelAbstractSyntaxTree ast = COMPILER.compile(text).getAst();
                return new Compiled(RUNTIME.createProgram(ast), null);
            } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
                return new Compiled(null, oneLine(e.getMessage()));
            }
        });
    }

    private static Map<String, Object> bindings(JsonNode self, JsonNode oldSelf) {
        Map<String, Object> bindings = new LinkedHashMap<>();
        bindings.put("self", toCel(self));
        if (oldSelf != null) {
            bindings.put("oldSelf", toCel(oldSelf));
        }
        return bindings;
    }

    private static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(e -> list.add(toCel(e)));
            return list;
        }
        if (node.isNumber()) {
            Long integer = JsonNumbers.asInteger(node);
            return integer != null && !node.isFloatingPointNumber() ? (Object) integer : (Object) node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return dev.cel.common.values.NullValue.NULL_VALUE;
        }
        return node.asText();
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String flat = message.replaceAll("\\s*\\R\\s*", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
