package dev.hpcenv.kube.embedded.validation;

import static dev.hpcenv.kube.embedded.validation.ValidationCase.accepts;
import static dev.hpcenv.kube.embedded.validation.ValidationCase.refuses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hpcenv.kube.embedded.CrdDocuments;
import dev.hpcenv.kube.embedded.HpcenvCrds;
import dev.hpcenv.kube.embedded.schema.ProjectCrds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every table of CRD validation cases, in one place: the unit tests run them against the embedded
 * API, {@code CrdsRealApiIT} runs the same against a real kube-apiserver and checks both agree.
 *
 * <ul>
 *   <li>{@link #samples()}: the custom resources of crds/validation-cases, which crds'
 *       CrdSchemaValidatorTest checks with its JSON-schema validator and CEL checker;
 *   <li>{@link #celRules()}: each CEL rule of the project's CRDs, what it refuses and lets through;
 *   <li>{@link #integerBounds()}: every integer field at and past its bounds and its type's range;
 *   <li>{@link #keywords()}: each schema keyword on a test CRD (Probe);
 *   <li>{@link #transitions()}: transition rules ({@code oldSelf}) and messageExpression (Quota);
 *   <li>{@link #hostileValues()}: values past every range in names, strings and lists, which
 *       HostileBodiesTest also sends to check the embedded API stays up.
 * </ul>
 */
public final class ValidationCases {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String TEST_CRDS = "validation/probes.validation.test.hpcenv.dev-v1.yml";
    private static final BigInteger TWO_31 = BigInteger.TWO.pow(31);
    private static final BigInteger TWO_63 = BigInteger.TWO.pow(63);

    private ValidationCases() {}

    /** Every case of every table. */
    public static List<ValidationCase> all() {
        List<ValidationCase> all = new ArrayList<>();
        all.addAll(samples());
        all.addAll(celRules());
        all.addAll(integerBounds());
        all.addAll(keywords());
        all.addAll(transitions());
        all.addAll(hostileValues());
        return all;
    }

    /** The project's CRDs and the test CRDs the cases use. */
    public static List<ObjectNode> crds() {
        List<ObjectNode> crds = new ArrayList<>(HpcenvCrds.all());
        crds.addAll(testCrds());
        return crds;
    }

    /** Probe (every schema keyword) and Quota (a transition rule), group validation.test.hpcenv.dev. */
    public static List<ObjectNode> testCrds() {
        return CrdDocuments.fromYaml(TEST_CRDS, resource(TEST_CRDS));
    }

    // ---- crds/validation-cases ----

    /**
     * The sample resources of crds/validation-cases: valid/ ones are accepted; each invalid/ one
     * names, in its first lines, the {@code # field:} and {@code # message:} of the API server's
     * refusal ({@code # json-schema-expect:} is for crds' JSON-schema validator only).
     */
    public static List<ValidationCase> samples() {
        List<ValidationCase> cases = new ArrayList<>();
        for (Path file : files("valid")) {
            cases.add(accepts("sample valid/" + file.getFileName(), yaml(file)));
        }
        for (Path file : files("invalid")) {
            String field = header(file, "field");
            String message = header(file, "message");
            cases.add(refuses("sample invalid/" + file.getFileName(), yaml(file), field, message));
        }
        return cases;
    }

    // ---- the CEL rules of the project's CRDs ----

    public static List<ValidationCase> celRules() {
        List<ValidationCase> cases = new ArrayList<>();
        String oneEnvironment = "Invalid value: set exactly one of environmentRef and environment";
        ObjectNode both = ProjectCrds.valid("HpcJob");
        spec(both).set("environment", ProjectCrds.json("{'image':'ubuntu'}"));
        cases.add(refuses("HpcJob with environmentRef and environment", both, "spec", oneEnvironment));
        ObjectNode neither = ProjectCrds.valid("HpcJob");
        spec(neither).remove("environmentRef");
        cases.add(refuses("HpcJob with no environment", neither, "spec", oneEnvironment));
        ObjectNode inline = ProjectCrds.valid("HpcJob");
        spec(inline).remove("environmentRef");
        spec(inline).set("environment", ProjectCrds.json("{'image':'ubuntu'}"));
        cases.add(accepts("HpcJob with an inline environment", inline));
        String oneCluster = "Invalid value: set exactly one of name, names and selector";
        ObjectNode nameAndSelector = ProjectCrds.valid("HpcJob");
        ((ObjectNode) spec(nameAndSelector).get("clusterRef"))
                .set("selector", ProjectCrds.json("{'matchLabels':{'net':'ib'}}"));
        cases.add(refuses("HpcJob with clusterRef name and selector", nameAndSelector, "spec.clusterRef", oneCluster));
        ObjectNode noCluster = ProjectCrds.valid("HpcJob");
        spec(noCluster).set("clusterRef", ProjectCrds.json("{}"));
        cases.add(refuses("HpcJob with an empty clusterRef", noCluster, "spec.clusterRef", oneCluster));
        ObjectNode names = ProjectCrds.valid("HpcJob");
        spec(names).set("clusterRef", ProjectCrds.json("{'names':['alps','eiger']}"));
        cases.add(accepts("HpcJob with clusterRef names", names));
        ObjectNode selector = ProjectCrds.valid("HpcJob");
        spec(selector).set("clusterRef", ProjectCrds.json("{'selector':{'matchLabels':{'net':'ib'}}}"));
        cases.add(accepts("HpcJob with a clusterRef selector", selector));
        for (String kind : ProjectCrds.KINDS) {
            cases.add(accepts(kind + " valid", ProjectCrds.valid(kind)));
            ObjectNode badStatus = ProjectCrds.valid(kind);
            ((ObjectNode) badStatus.at("/status/conditions/0")).put("status", "Maybe");
            ((ObjectNode) badStatus.get("status")).put("observedGeneration", -5);
            cases.add(accepts(kind + " created with an invalid status (a create drops the status)", badStatus)
                    .sentWithItsStatus());
            cases.add(accepts(kind + " updated with an invalid status (an update keeps the stored one)", badStatus)
                    .updatedFrom(ProjectCrds.valid(kind))
                    .sentWithItsStatus());
        }

        for (String[] refused : List.of(
                new String[] {"0-99%0", "array: %0 would never run an element; %K needs K >= 1 (e.g. 0-99%10)"},
                new String[] {"1,3,5%00", "array: %0 would never run an element; %K needs K >= 1 (e.g. 0-99%10)"},
                new String[] {"9-3", "array: a range N-M needs N <= M (e.g. 0-99)"},
                new String[] {"0-9,12-10:2", "array: a range N-M needs N <= M (e.g. 0-99)"},
                new String[] {"0-15:0", "array: a step N-M:S needs S >= 1 (e.g. 0-15:4)"})) {
            ObjectNode job = ProjectCrds.valid("HpcJob");
            spec(job).put("array", refused[0]);
            cases.add(refuses(
                    "HpcJob array " + refused[0],
                    job,
                    "spec.array",
                    "Invalid value: \"" + refused[0] + "\": " + refused[1]));
        }
        for (String accepted : List.of("0-99%10", "1,3,5-7", "0-15:4", "7", "0-9999999", "3-3%1")) {
            ObjectNode job = ProjectCrds.valid("HpcJob");
            spec(job).put("array", accepted);
            cases.add(accepts("HpcJob array " + accepted, job));
        }
        ObjectNode dependsTwice = ProjectCrds.valid("HpcJob");
        spec(dependsTwice)
                .set("dependsOn", ProjectCrds.json("[{'name':'a'},{'name':'b'},{'name':'a','condition':'Completed'}]"));
        cases.add(refuses(
                "HpcJob dependsOn a name twice",
                dependsTwice,
                "spec.dependsOn",
                "Invalid value: dependsOn: each name at most once"));
        ObjectNode distinct = ProjectCrds.valid("HpcJob");
        spec(distinct).set("dependsOn", ProjectCrds.json("[{'name':'a'},{'name':'b','condition':'Completed'}]"));
        cases.add(accepts("HpcJob dependsOn distinct names", distinct));

        for (String limit : List.of("0m", "0s", "00h", "0d0h0m0s")) {
            String zero = "Invalid value: \"" + limit + "\": a time limit must be longer than zero";
            ObjectNode job = ProjectCrds.valid("HpcJob");
            ((ObjectNode) spec(job).get("resources")).put("timeLimit", limit);
            cases.add(refuses("HpcJob timeLimit " + limit, job, "spec.resources.timeLimit", zero));
            ObjectNode cluster = ProjectCrds.valid("SlurmCluster");
            ((ObjectNode) spec(cluster).get("defaults")).put("timeLimit", limit);
            cases.add(refuses("SlurmCluster defaults.timeLimit " + limit, cluster, "spec.defaults.timeLimit", zero));
        }
        for (String limit : List.of("1m", "30s", "10d", "0d1h", "1h0m")) {
            ObjectNode job = ProjectCrds.valid("HpcJob");
            ((ObjectNode) spec(job).get("resources")).put("timeLimit", limit);
            cases.add(accepts("HpcJob timeLimit " + limit, job));
        }

        for (String kind : ProjectCrds.KINDS) {
            ObjectNode maybe = ProjectCrds.valid(kind);
            ((ObjectNode) maybe.at("/status/conditions/0")).put("status", "Maybe");
            cases.add(refuses(
                    kind + " condition status Maybe",
                    maybe,
                    "status.conditions[0].status",
                    "Invalid value: \"Maybe\": status must be True, False or Unknown"));
            ObjectNode unknown = ProjectCrds.valid(kind);
            ((ObjectNode) unknown.at("/status/conditions/0")).put("status", "Unknown");
            cases.add(accepts(kind + " condition status Unknown", unknown));
        }

        String oneAuth = "Invalid value: set exactly one of jwtKeySecretRef and tokenSecretRef";
        ObjectNode bothAuth = ProjectCrds.valid("SlurmCluster");
        auth(bothAuth).set("tokenSecretRef", ProjectCrds.json("{'namespace':'hpcenv','name':'token','key':'token'}"));
        cases.add(refuses("SlurmCluster with both auth secrets", bothAuth, "spec.auth", oneAuth));
        ObjectNode noAuth = ProjectCrds.valid("SlurmCluster");
        auth(noAuth).remove("jwtKeySecretRef");
        auth(noAuth).remove("jwtLifespanSeconds");
        cases.add(refuses("SlurmCluster with no auth secret", noAuth, "spec.auth", oneAuth));
        ObjectNode tokenWithLifespan = ProjectCrds.valid("SlurmCluster");
        auth(tokenWithLifespan).remove("jwtKeySecretRef");
        auth(tokenWithLifespan).set("tokenSecretRef", ProjectCrds.json("{'namespace':'hpcenv','name':'t','key':'t'}"));
        cases.add(refuses(
                "SlurmCluster token with jwtLifespanSeconds",
                tokenWithLifespan,
                "spec.auth",
                "Invalid value: jwtLifespanSeconds applies only with jwtKeySecretRef"));
        ObjectNode tokenOnly = ProjectCrds.valid("SlurmCluster");
        auth(tokenOnly).removeAll();
        auth(tokenOnly).set("tokenSecretRef", ProjectCrds.json("{'namespace':'hpcenv','name':'t','key':'t'}"));
        cases.add(accepts("SlurmCluster token only (no default lifespan filled in)", tokenOnly));

        ObjectNode root = ProjectCrds.valid("SlurmCluster");
        mappings(root).add(ProjectCrds.json("{'namespace':'ops','user':'root'}"));
        cases.add(refuses(
                "SlurmCluster maps a namespace to root",
                root,
                "spec.userMappings[1].user",
                "Invalid value: \"root\": a namespace must not be mapped to root"));
        ObjectNode rooted = ProjectCrds.valid("SlurmCluster");
        mappings(rooted).add(ProjectCrds.json("{'namespace':'ops','user':'rooted'}"));
        cases.add(accepts("SlurmCluster maps a namespace to user rooted", rooted));

        ObjectNode twice = ProjectCrds.valid("SlurmCluster");
        mappings(twice).add(ProjectCrds.json("{'namespace':'physics','user':'bob'}"));
        cases.add(refuses(
                "SlurmCluster maps a namespace twice",
                twice,
                "spec.userMappings[1]",
                "Duplicate value: {\"namespace\":\"physics\"}"));
        ObjectNode twoNamespacesOneUser = ProjectCrds.valid("SlurmCluster");
        mappings(twoNamespacesOneUser).add(ProjectCrds.json("{'namespace':'chemistry','user':'alice'}"));
        cases.add(accepts("SlurmCluster maps two namespaces to one user", twoNamespacesOneUser));

        ObjectNode longest = ProjectCrds.valid("SlurmCluster");
        mappings(longest).removeAll();
        for (int i = 0; i < 512; i++) {
            mappings(longest).add(ProjectCrds.json("{'namespace':'ns-" + i + "','user':'u" + i + "'}"));
        }
        cases.add(accepts("SlurmCluster with 512 mappings, all checked", longest));
        ObjectNode tooLong = longest.deepCopy();
        mappings(tooLong).add(ProjectCrds.json("{'namespace':'ns-0','user':'x'}"));
        cases.add(refuses(
                "SlurmCluster with 513 mappings (maxItems)",
                tooLong,
                "spec.userMappings",
                "Too many: 513: must have at most 512 items"));

        cases.addAll(services());

        ObjectNode typed = ProjectCrds.valid("SlurmCluster");
        ((ObjectNode) mappings(typed).get(0)).put("user", 0);
        cases.add(refuses(
                "SlurmCluster mapping user 0 (a type error: no rule runs)",
                typed,
                "spec.userMappings[0].user",
                "Invalid value: \"integer\": spec.userMappings[0].user in body must be of type string: \"integer\""));
        return cases;
    }

    /** spec.services: unique names, one readiness check with its timeout, at most 16 (docs/workflows.md). */
    static List<ValidationCase> services() {
        List<ValidationCase> cases = new ArrayList<>();
        ObjectNode sameName = ProjectCrds.valid("HpcJob");
        services(sameName).add(ProjectCrds.json("{'name':'sampler','command':['other']}"));
        cases.add(refuses(
                "HpcJob with two services named sampler",
                sameName,
                "spec.services[1]",
                "Duplicate value: {\"name\":\"sampler\"}"));
        ObjectNode noTimeout = ProjectCrds.valid("HpcJob");
        ready(noTimeout).remove("timeoutSeconds");
        cases.add(refuses(
                "HpcJob service readiness without timeoutSeconds",
                noTimeout,
                "spec.services[0].ready.timeoutSeconds",
                "Required value"));
        ObjectNode both = ProjectCrds.valid("HpcJob");
        ready(both).set("command", ProjectCrds.json("['true']"));
        cases.add(refuses(
                "HpcJob service readiness with command and tcpPort",
                both,
                "spec.services[0].ready",
                "Invalid value: set exactly one of command and tcpPort"));
        ObjectNode neither = ProjectCrds.valid("HpcJob");
        ready(neither).remove("tcpPort");
        cases.add(refuses(
                "HpcJob service readiness with neither command nor tcpPort",
                neither,
                "spec.services[0].ready",
                "Invalid value: set exactly one of command and tcpPort"));
        ObjectNode byCommand = ProjectCrds.valid("HpcJob");
        ready(byCommand).remove("tcpPort");
        ready(byCommand).set("command", ProjectCrds.json("['test','-e','/tmp/ready']"));
        cases.add(accepts("HpcJob service readiness by command", byCommand));
        for (int port : List.of(0, 65_536)) {
            ObjectNode job = ProjectCrds.valid("HpcJob");
            ready(job).put("tcpPort", port);
            cases.add(refuses(
                    "HpcJob service readiness tcpPort " + port,
                    job,
                    "spec.services[0].ready.tcpPort",
                    "spec.services[0].ready.tcpPort in body should be "
                            + (port == 0 ? "greater than or equal to 1" : "less than or equal to 65535")));
        }
        ObjectNode sixteen = ProjectCrds.valid("HpcJob");
        services(sixteen).removeAll();
        for (int i = 0; i < 16; i++) {
            services(sixteen)
                    .add(ProjectCrds.json("{'name':'s" + i + "','command':['sampler'],'placement':'firstNode'}"));
        }
        cases.add(accepts("HpcJob with 16 services", sixteen));
        ObjectNode seventeen = sixteen.deepCopy();
        services(seventeen).add(ProjectCrds.json("{'name':'s16','command':['sampler']}"));
        cases.add(refuses(
                "HpcJob with 17 services (maxItems)",
                seventeen,
                "spec.services",
                "Too many: 17: must have at most 16 items"));
        ObjectNode badPlacement = ProjectCrds.valid("HpcJob");
        ((ObjectNode) services(badPlacement).get(0)).put("placement", "lastNode");
        cases.add(refuses(
                "HpcJob service placement lastNode",
                badPlacement,
                "spec.services[0].placement",
                "Unsupported value: \"lastNode\": supported values: \"everyNode\", \"firstNode\""));
        ObjectNode badName = ProjectCrds.valid("HpcJob");
        ((ObjectNode) services(badName).get(0)).put("name", "Sampler_1");
        cases.add(refuses(
                "HpcJob service name not a DNS label",
                badName,
                "spec.services[0].name",
                "spec.services[0].name in body should match"));
        return cases;
    }

    private static ArrayNode services(ObjectNode job) {
        return (ArrayNode) spec(job).get("services");
    }

    private static ObjectNode ready(ObjectNode job) {
        return (ObjectNode) services(job).get(0).get("ready");
    }

    // ---- integer bounds ----

    /**
     * Every integer field of every project kind at and past its bounds and its type's range: what a
     * cluster accepts is accepted, everything else is refused naming the field.
     */
    public static List<ValidationCase> integerBounds() {
        List<ValidationCase> cases = new ArrayList<>();
        for (ProjectCrds.IntegerField field : ProjectCrds.integerFields()) {
            JsonNode schema = field.schema();
            boolean int32 = "int32".equals(schema.path("format").asText());
            BigInteger typeMax = int32 ? BigInteger.valueOf(Integer.MAX_VALUE) : BigInteger.valueOf(Long.MAX_VALUE);
            BigInteger min =
                    schema.has("minimum") ? schema.get("minimum").decimalValue().toBigIntegerExact() : null;
            BigInteger max =
                    schema.has("maximum") ? schema.get("maximum").decimalValue().toBigIntegerExact() : typeMax;
            String path = field.path();
            // a status is written through its subresource, whose messages name fields from status
            String inBody = path.startsWith("status.") ? path.substring("status.".length()) : path;
            String notInteger = inBody + " in body must be of type " + (int32 ? "int32" : "int64") + ": \"float64\"";
            if (min != null) {
                cases.add(bound(
                        field,
                        min.subtract(BigInteger.ONE).toString(),
                        inBody + " in body should be greater than or equal to"));
                cases.add(bound(field, min.toString(), null));
            }
            cases.add(bound(field, max.toString(), null));
            boolean maxPlusOneBeyondInt64 = max.add(BigInteger.ONE).compareTo(TWO_63) >= 0;
            cases.add(bound(
                    field,
                    max.add(BigInteger.ONE).toString(),
                    maxPlusOneBeyondInt64 ? notInteger : inBody + " in body should be less than or equal to"));
            boolean twoPow31Fits = TWO_31.compareTo(max) <= 0;
            cases.add(bound(field, TWO_31.toString(), twoPow31Fits ? null : inBody + " in body"));
            cases.add(bound(field, TWO_63.toString(), notInteger));
            cases.add(bound(field, "99999999999999999999", notInteger));
            cases.add(bound(field, "1e20", notInteger));
            cases.add(bound(field, "1.5", notInteger));
            cases.add(bound(field, "\"12\"", inBody + " in body must be of type integer: \"string\""));
        }
        // an int64 field's maximum + 1 is 2^63, which the table tries anyway: one case of each name
        Map<String, ValidationCase> unique = new LinkedHashMap<>();
        cases.forEach(c -> unique.putIfAbsent(c.name(), c));
        return new ArrayList<>(unique.values());
    }

    private static ValidationCase bound(ProjectCrds.IntegerField field, String literal, String refusal) {
        ObjectNode object = ProjectCrds.valid(field.kind());
        ProjectCrds.set(object, field.pointer(), ProjectCrds.json(literal));
        String name = field + " = " + literal;
        return refusal == null ? accepts(name, object) : refuses(name, object, field.path(), refusal);
    }

    // ---- schema keywords (Probe) ----

    public static List<ValidationCase> keywords() {
        List<ValidationCase> cases = new ArrayList<>();
        String valid = "'clusterRef':{'name':'daint'},'command':['echo']";
        cases.add(accepts(
                "Probe with every field",
                probe("{" + valid + ",'env':{'A':'1'},'memory':'4Gi','extra':{'anything':[1]},'nodes':2}")));
        cases.add(accepts("Probe with an integer memory", probe("{" + valid + ",'memory':4}")));
        cases.add(accepts(
                "Probe with nulls (dropped, or kept where nullable)",
                probe("{" + valid + ",'nodes':null,'note':null}")));
        cases.add(refuses(
                "Probe name against pattern",
                probe("{'clusterRef':{'name':'Daint'},'command':['echo']}"),
                "spec.clusterRef.name",
                "Invalid value: \"Daint\": spec.clusterRef.name in body should match '^[a-z]+$'"));
        cases.add(refuses(
                "Probe empty command (minItems)",
                probe("{'clusterRef':{'name':'daint'},'command':[]}"),
                "spec.command",
                "Invalid value: 0: spec.command in body should have at least 1 items"));
        cases.add(refuses(
                "Probe mpi not in enum",
                probe("{" + valid + ",'mpi':'openmpi'}"),
                "spec.mpi",
                "Unsupported value: \"openmpi\": supported values: \"none\", \"pmi2\", \"pmix\""));
        cases.add(refuses(
                "Probe nodes below minimum",
                probe("{" + valid + ",'nodes':0}"),
                "spec.nodes",
                "Invalid value: 0: spec.nodes in body should be greater than or equal to 1"));
        cases.add(refuses(
                "Probe env value of the wrong type (additionalProperties)",
                probe("{" + valid + ",'env':{'A':1}}"),
                "spec.env.A",
                "Invalid value: \"integer\": spec.env.A in body must be of type string: \"integer\""));
        cases.add(refuses(
                "Probe int-or-string given a boolean",
                probe("{" + valid + ",'memory':true}"),
                "spec.memory",
                "Invalid value: \"boolean\": spec.memory in body must be of type integer,string: \"boolean\""));
        cases.add(refuses(
                "Probe note over maxLength",
                probe("{" + valid + ",'note':'toolong'}"),
                "spec.note",
                "Too long: may not be more than 5 bytes"));
        cases.add(refuses(
                "Probe with every violation at once",
                probe("{'clusterRef':{'name':'Daint'},'command':[],'mpi':'openmpi','nodes':0,"
                        + "'env':{'A':1},'memory':true,'note':'toolong'}"),
                "spec.nodes",
                "Invalid value: 0: spec.nodes in body should be greater than or equal to 1"));
        cases.add(refuses(
                "Probe missing required fields", probe("{'clusterRef':{}}"), "spec.clusterRef.name", "Required value"));
        cases.add(refuses(
                "Probe missing command", probe("{'clusterRef':{'name':'daint'}}"), "spec.command", "Required value"));
        return cases;
    }

    private static ObjectNode probe(String spec) {
        return (ObjectNode) ProjectCrds.json(
                "{'apiVersion':'validation.test.hpcenv.dev/v1','kind':'Probe','metadata':{'name':'p'},'spec':" + spec
                        + "}");
    }

    // ---- transition rules (Quota) ----

    public static List<ValidationCase> transitions() {
        String growOnly = "Invalid value: 4: cores may only grow";
        return List.of(
                accepts("Quota created with 8 cores (no transition rule on create)", quota("{'cores':8}")),
                refuses("Quota shrunk from 8 to 4 cores", quota("{'cores':4}"), "spec.cores", growOnly)
                        .updatedFrom(quota("{'cores':8}")),
                accepts("Quota grown from 8 to 16 cores", quota("{'cores':16}")).updatedFrom(quota("{'cores':8}")),
                accepts("Quota given cores where it had none", quota("{'cores':2}"))
                        .updatedFrom(quota("{}")),
                refuses(
                        "Quota with cores as a string",
                        quota("{'cores':'8'}"),
                        "spec.cores",
                        "Invalid value: \"string\": spec.cores in body must be of type integer: \"string\""),
                refuses(
                        "Quota over its maximum",
                        quota("{'cores':1001}"),
                        "spec.cores",
                        "Invalid value: 1001: spec.cores in body should be less than or equal to 1000"),
                refuses(
                        "Quota mode bad (messageExpression, reason)",
                        quota("{'mode':'bad'}"),
                        "spec.mode",
                        "Forbidden: mode bad is not allowed"),
                refuses(
                                "Quota changed to mode bad",
                                quota("{'cores':8,'mode':'bad'}"),
                                "spec.mode",
                                "Forbidden: mode bad is not allowed")
                        .updatedFrom(quota("{'cores':8,'mode':'good'}")));
    }

    public static ObjectNode quota(String spec) {
        return (ObjectNode) ProjectCrds.json(
                "{'apiVersion':'validation.test.hpcenv.dev/v1','kind':'Quota','metadata':{'name':'q'},'spec':" + spec
                        + "}");
    }

    // ---- hostile values ----

    /** Names, strings, lists and numbers far past their limits (numbers at the limits: integerBounds). */
    public static List<ValidationCase> hostileValues() {
        List<ValidationCase> cases = new ArrayList<>();
        ObjectNode low = ProjectCrds.valid("HpcJob");
        ProjectCrds.set(low, "/spec/resources/tasks", ProjectCrds.json("-9223372036854775809"));
        cases.add(refuses(
                "HpcJob with -2^63-1 tasks",
                low,
                "spec.resources.tasks",
                "spec.resources.tasks in body must be of type int32: \"float64\""));
        String subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters";
        ObjectNode path = ProjectCrds.valid("HpcJob");
        ((ObjectNode) path.get("metadata")).put("name", "../../etc");
        cases.add(refuses("HpcJob named ../../etc", path, "metadata.name", subdomain)
                .keepingName());
        ObjectNode longName = ProjectCrds.valid("HpcJob");
        ((ObjectNode) longName.get("metadata")).put("name", "a".repeat(100_000));
        cases.add(
                refuses("HpcJob with a 100 KiB name", longName, "metadata.name", "must be no more than 253 characters")
                        .keepingName());
        ObjectNode longRef = ProjectCrds.valid("HpcJob");
        ((ObjectNode) longRef.at("/spec/clusterRef")).put("name", "A".repeat(1 << 20));
        cases.add(refuses("HpcJob with a 1 MiB cluster name", longRef, "spec.clusterRef.name", "Too long"));
        ObjectNode many = ProjectCrds.valid("SlurmCluster");
        mappings(many).removeAll();
        for (int i = 0; i < 10_000; i++) {
            mappings(many).add(ProjectCrds.json("{'namespace':'ns" + i + "','user':'u" + i + "'}"));
        }
        cases.add(refuses(
                "SlurmCluster with 10000 mappings",
                many,
                "spec.userMappings",
                "Too many: 10000: must have at most 512 items"));
        return cases;
    }

    // ---- helpers ----

    private static ObjectNode spec(ObjectNode object) {
        return (ObjectNode) object.get("spec");
    }

    private static ObjectNode auth(ObjectNode cluster) {
        return (ObjectNode) spec(cluster).get("auth");
    }

    private static ArrayNode mappings(ObjectNode cluster) {
        return (ArrayNode) spec(cluster).get("userMappings");
    }

    private static List<Path> files(String folder) {
        try {
            Path dir = Path.of(ValidationCases.class
                    .getClassLoader()
                    .getResource("crd-validation-cases/" + folder)
                    .toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException(
                    "no crd-validation-cases/" + folder + " on the test class path"
                            + " (kube-embedded's pom copies crds/validation-cases)",
                    e);
        }
    }

    private static ObjectNode yaml(Path file) {
        try {
            return (ObjectNode) YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of a {@code # key: value} line at the top of a case file. */
    static String header(Path file, String key) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .takeWhile(line -> line.startsWith("#"))
                    .filter(line -> line.startsWith("# " + key + ": "))
                    .map(line -> line.substring(key.length() + 4))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(file + ": no '# " + key + ":' line at the top"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ValidationCases.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
