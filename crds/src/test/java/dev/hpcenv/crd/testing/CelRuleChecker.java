package dev.hpcenv.crd.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the CEL rules of a CRD schema ({@code x-kubernetes-validations}) against a resource, as
 * the API server does: each rule runs with {@code self} bound to the value of the field it sits on,
 * and only where that field is present.
 *
 * <p>This is standard CEL with the strings extension (split, as the API server has), RE2 regular
 * expressions, not the API server's whole environment: the Kubernetes extension libraries (quantity(), url(), isSorted(), ...), {@code oldSelf}
 * (transition rules) and the cost budget are absent. The rules of this API use standard CEL only;
 * the cost budget is kept by maxItems/maxLength bounds, which only a real API server can confirm.
 */
public final class CelRuleChecker {
    private final CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings())
            .addVar("self", SimpleType.DYN)
            .build();
    private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
            .addLibraries(CelExtensions.strings())
            .build();
    private final Map<String, CelRuntime.Program> programs = new HashMap<>();

    /**
     * Compiles one rule (cached).
     *
     * @throws IllegalArgumentException with the rule and CEL's error when it does not compile
     */
    public CelRuntime.Program compile(String rule) {
        return programs.computeIfAbsent(rule, r -> {
            try {
                CelAbstractSyntaxTree ast = compiler.compile(r).getAst();
                return runtime.createProgram(ast);
            } catch (CelValidationException | CelEvaluationException e) {
                throw new IllegalArgumentException("CEL rule does not compile: " + r + ": " + e.getMessage(), e);
            }
        });
    }

    /** Every rule of the schema, at any depth, for compile checks. */
    public static List<String> rulesIn(JsonNode schema) {
        List<String> rules = new ArrayList<>();
        collectRules(schema, rules);
        return rules;
    }

    /** Violations of the CEL rules of {@code schema} in {@code instance}, each {@code $.path: message}. */
    public List<String> check(JsonNode schema, JsonNode instance) {
        List<String> problems = new ArrayList<>();
        walk(schema, instance, "$", problems);
        return problems;
    }

    private void walk(JsonNode schema, JsonNode instance, String path, List<String> problems) {
        if (schema == null || schema.isMissingNode() || instance == null || instance.isNull()) {
            return;
        }
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            String expression = rule.path("rule").asText();
            String message = rule.hasNonNull("message") ? rule.get("message").asText() : "failed rule: " + expression;
            try {
                Object result = compile(expression).eval(Map.of("self", toCel(instance)));
                if (!Boolean.TRUE.equals(result)) {
                    problems.add(path + ": " + message);
                }
            } catch (CelEvaluationException e) {
                problems.add(path + ": rule " + expression + " could not be evaluated: " + e.getMessage());
            }
        }
        if (instance.isObject()) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Map.Entry<String, JsonNode> field : instance.properties()) {
                JsonNode fieldSchema = properties.has(field.getKey()) ? properties.get(field.getKey()) : additional;
                walk(fieldSchema, field.getValue(), path + "." + field.getKey(), problems);
            }
        } else if (instance.isArray()) {
            for (int i = 0; i < instance.size(); i++) {
                walk(schema.path("items"), instance.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), toCel(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(e -> list.add(toCel(e)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }

    private static void collectRules(JsonNode schema, List<String> rules) {
        if (schema.isObject()) {
            schema.path("x-kubernetes-validations")
                    .forEach(r -> rules.add(r.path("rule").asText()));
            schema.properties().forEach(e -> {
                if (!e.getKey().equals("x-kubernetes-validations")) {
                    collectRules(e.getValue(), rules);
                }
            });
        } else if (schema.isArray()) {
            schema.forEach(e -> collectRules(e, rules));
        }
    }
}
