package dev.hpcenv.kube.embedded.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each CEL rule ({@code x-kubernetes-validations}) of the project's CRDs, evaluated by the embedded
 * API: one test per rule, with what the rule is meant to refuse and what it must let through, and
 * the API server's wording ({@code <path>: Invalid value: "<type>": <message>}).
 */
class ProjectCelRulesTest {

    private static final String ONE_ENVIRONMENT = "has(self.environmentRef) != has(self.environment)";
    private static final String TIME_LIMIT = "!self.matches('^(0+[dhms])+$')";
    private static final String CONDITION_STATUS = "self in ['True', 'False', 'Unknown']";
    private static final String ONE_AUTH = "has(self.jwtKeySecretRef) != has(self.tokenSecretRef)";
    private static final String LIFESPAN_WITH_KEY = "!has(self.jwtLifespanSeconds) || has(self.jwtKeySecretRef)";
    private static final String NOT_ROOT = "self != 'root'";
    private static final String UNIQUE_NAMESPACES = "self.all(a, self.exists_one(b, b.namespace == a.namespace))";

    @Test
    void everyRuleOfEveryKindHasItsTestHere() {
        Set<String> rules = new TreeSet<>();
        for (String kind : ProjectCrds.KINDS) {
            collectRules(ProjectCrds.schema(kind), rules);
        }
        assertThat(rules)
                .containsExactlyInAnyOrder(
                        ONE_ENVIRONMENT,
                        TIME_LIMIT,
                        CONDITION_STATUS,
                        ONE_AUTH,
                        LIFESPAN_WITH_KEY,
                        NOT_ROOT,
                        UNIQUE_NAMESPACES);
    }

    @Test
    void aJobNamesExactlyOneEnvironment() {
        ObjectNode both = ProjectCrds.valid("HpcJob");
        spec(both).set("environment", ProjectCrds.json("{'image':'ubuntu'}"));
        ObjectNode neither = ProjectCrds.valid("HpcJob");
        spec(neither).remove("environmentRef");
        ObjectNode inline = ProjectCrds.valid("HpcJob");
        spec(inline).remove("environmentRef");
        spec(inline).set("environment", ProjectCrds.json("{'image':'ubuntu'}"));

        assertThat(violations("HpcJob", both))
                .containsExactly("spec: Invalid value: \"object\": set exactly one of environmentRef and environment");
        assertThat(violations("HpcJob", neither))
                .containsExactly("spec: Invalid value: \"object\": set exactly one of environmentRef and environment");
        assertThat(violations("HpcJob", inline)).isEmpty();
        assertThat(violations("HpcJob", ProjectCrds.valid("HpcJob"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0m", "0s", "00h", "0d0h0m0s"})
    void aTimeLimitOfZeroIsRefusedForJobsAndClusterDefaults(String zero) {
        ObjectNode job = ProjectCrds.valid("HpcJob");
        ((ObjectNode) spec(job).get("resources")).put("timeLimit", zero);
        ObjectNode cluster = ProjectCrds.valid("SlurmCluster");
        ((ObjectNode) spec(cluster).get("defaults")).put("timeLimit", zero);

        assertThat(violations("HpcJob", job))
                .containsExactly(
                        "spec.resources.timeLimit: Invalid value: \"string\": a time limit must be longer than zero");
        assertThat(violations("SlurmCluster", cluster))
                .containsExactly(
                        "spec.defaults.timeLimit: Invalid value: \"string\": a time limit must be longer than zero");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1m", "30s", "10d", "0d1h", "1h0m"})
    void aTimeLimitLongerThanZeroPasses(String limit) {
        ObjectNode job = ProjectCrds.valid("HpcJob");
        ((ObjectNode) spec(job).get("resources")).put("timeLimit", limit);

        assertThat(violations("HpcJob", job)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HpcJob", "HpcEnvironment", "ClusterHpcEnvironment", "SlurmCluster"})
    void aConditionStatusIsTrueFalseOrUnknown(String kind) {
        ObjectNode object = ProjectCrds.valid(kind);
        ObjectNode condition = (ObjectNode) object.at("/status/conditions/0");
        condition.put("status", "Maybe");
        ObjectNode unknown = ProjectCrds.valid(kind);
        ((ObjectNode) unknown.at("/status/conditions/0")).put("status", "Unknown");

        assertThat(violations(kind, object))
                .containsExactly(
                        "status.conditions[0].status: Invalid value: \"string\": status must be True, False or Unknown");
        assertThat(violations(kind, unknown)).isEmpty();
    }

    @Test
    void aClusterAuthenticatesOneWayOnly() {
        ObjectNode both = ProjectCrds.valid("SlurmCluster");
        auth(both).set("tokenSecretRef", ProjectCrds.json("{'namespace':'hpcenv','name':'token','key':'token'}"));
        ObjectNode none = ProjectCrds.valid("SlurmCluster");
        auth(none).remove("jwtKeySecretRef");
        auth(none).remove("jwtLifespanSeconds");

        assertThat(violations("SlurmCluster", both))
                .containsExactly(
                        "spec.auth: Invalid value: \"object\": set exactly one of jwtKeySecretRef and tokenSecretRef");
        assertThat(violations("SlurmCluster", none))
                .containsExactly(
                        "spec.auth: Invalid value: \"object\": set exactly one of jwtKeySecretRef and tokenSecretRef");
    }

    @Test
    void aTokenLifespanGoesWithASigningKeyOnly() {
        ObjectNode tokenWithLifespan = ProjectCrds.valid("SlurmCluster");
        auth(tokenWithLifespan).remove("jwtKeySecretRef");
        auth(tokenWithLifespan).set("tokenSecretRef", ProjectCrds.json("{'namespace':'hpcenv','name':'t','key':'t'}"));
        ObjectNode tokenOnly = ProjectCrds.valid("SlurmCluster");
        auth(tokenOnly).removeAll();
        auth(tokenOnly).set("tokenSecretRef", ProjectCrds.json("{'namespace':'hpcenv','name':'t','key':'t'}"));

        assertThat(violations("SlurmCluster", tokenWithLifespan))
                .containsExactly(
                        "spec.auth: Invalid value: \"object\": jwtLifespanSeconds applies only with jwtKeySecretRef");
        assertThat(violations("SlurmCluster", tokenOnly))
                .as("no schema default may fill in jwtLifespanSeconds behind the rule's back")
                .isEmpty();
        assertThat(auth(tokenOnly).has("jwtLifespanSeconds")).isFalse();
    }

    @Test
    void noNamespaceIsMappedToRoot() {
        ObjectNode cluster = ProjectCrds.valid("SlurmCluster");
        mappings(cluster).add(ProjectCrds.json("{'namespace':'ops','user':'root'}"));
        ObjectNode rooted = ProjectCrds.valid("SlurmCluster");
        mappings(rooted).add(ProjectCrds.json("{'namespace':'ops','user':'rooted'}"));

        assertThat(violations("SlurmCluster", cluster))
                .containsExactly(
                        "spec.userMappings[1].user: Invalid value: \"string\": a namespace must not be mapped to root");
        assertThat(violations("SlurmCluster", rooted)).isEmpty();
    }

    @Test
    void eachNamespaceIsMappedOnce() {
        ObjectNode twice = ProjectCrds.valid("SlurmCluster");
        mappings(twice).add(ProjectCrds.json("{'namespace':'physics','user':'bob'}"));
        ObjectNode two = ProjectCrds.valid("SlurmCluster");
        mappings(two).add(ProjectCrds.json("{'namespace':'chemistry','user':'alice'}"));

        assertThat(violations("SlurmCluster", twice))
                .containsExactly(
                        "spec.userMappings: Invalid value: \"array\": each namespace may appear only once in userMappings");
        assertThat(violations("SlurmCluster", two))
                .as("one user may serve two namespaces")
                .isEmpty();
    }

    @Test
    void theLongestAllowedMappingListIsChecked() {
        ObjectNode cluster = ProjectCrds.valid("SlurmCluster");
        ArrayNode list = mappings(cluster);
        list.removeAll();
        for (int i = 0; i < 512; i++) {
            list.add(ProjectCrds.json("{'namespace':'ns-" + i + "','user':'u" + i + "'}"));
        }

        assertThat(violations("SlurmCluster", cluster)).isEmpty();
        list.add(ProjectCrds.json("{'namespace':'ns-0','user':'x'}"));
        assertThat(violations("SlurmCluster", cluster))
                .as("513 items: maxItems refuses, the rule is not run")
                .containsExactly("spec.userMappings: Too many: 513: must have at most 512 items");
    }

    @Test
    void rulesDoNotRunOnValuesThatBreakTheSchema() {
        ObjectNode cluster = ProjectCrds.valid("SlurmCluster");
        ((ObjectNode) mappings(cluster).get(0)).put("user", 0);

        assertThat(violations("SlurmCluster", cluster))
                .containsExactly("spec.userMappings[0].user: Invalid value:"
                        + " \"integer\": spec.userMappings[0].user in body must be of type string: \"integer\"");
    }

    @Test
    void transitionRulesSeeTheOldValueOnUpdatesOnly() {
        JsonNode schema = ProjectCrds.json(
                "{'type':'object','properties':{'spec':{'type':'object','properties':{"
                        + "'size':{'type':'integer','format':'int32','minimum':0,'maximum':100,"
                        + "'x-kubernetes-validations':[{'rule':'self >= oldSelf','message':'size may only grow'}]},"
                        + "'mode':{'type':'string','x-kubernetes-validations':[{'rule':'self != \\'bad\\'',"
                        + "'messageExpression':'\\'mode \\' + self + \\' is not allowed\\'','reason':'FieldValueForbidden'}]}}}}}");
        ObjectNode smaller = (ObjectNode) ProjectCrds.json("{'spec':{'size':5}}");
        ObjectNode created = (ObjectNode) ProjectCrds.json("{'spec':{'size':5,'mode':'bad'}}");

        assertThat(new StructuralSchema(schema)
                        .apply(smaller, ProjectCrds.json("{'spec':{'size':7}}"))
                        .violations())
                .containsExactly("spec.size: Invalid value: \"integer\": size may only grow");
        assertThat(new StructuralSchema(schema).apply(created).violations())
                .containsExactly("spec.mode: Forbidden: mode bad is not allowed");
    }

    private static List<String> violations(String kind, ObjectNode object) {
        return new StructuralSchema(ProjectCrds.schema(kind)).apply(object).violations();
    }

    private static ObjectNode spec(ObjectNode object) {
        return (ObjectNode) object.get("spec");
    }

    private static ObjectNode auth(ObjectNode cluster) {
        return (ObjectNode) spec(cluster).get("auth");
    }

    private static ArrayNode mappings(ObjectNode cluster) {
        return (ArrayNode) spec(cluster).get("userMappings");
    }

    private static void collectRules(JsonNode schema, Set<String> rules) {
        if (schema.isObject()) {
            schema.path("x-kubernetes-validations")
                    .forEach(rule -> rules.add(rule.path("rule").asText()));
            List<Map.Entry<String, JsonNode>> children = new ArrayList<>();
            schema.fields().forEachRemaining(children::add);
            children.forEach(child -> collectRules(child.getValue(), rules));
        } else if (schema.isArray()) {
            schema.forEach(item -> collectRules(item, rules));
        }
    }
}
