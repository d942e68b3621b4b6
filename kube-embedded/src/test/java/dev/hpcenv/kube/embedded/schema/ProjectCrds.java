package dev.hpcenv.kube.embedded.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.HpcenvCrds;
import dev.hpcenv.kube.embedded.discovery.ResourceCatalog;
import dev.hpcenv.kube.embedded.discovery.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The project's CRD schemas as the embedded API serves them, and for each kind a small object that
 * every schema keyword and CEL rule accepts, with one of everything that holds a number (a status with
 * a condition), so tests can break one field at a time.
 */
public final class ProjectCrds {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final List<String> KINDS =
            List.of("HpcJob", "HpcEnvironment", "ClusterHpcEnvironment", "SlurmCluster");

    private ProjectCrds() {}

    private static final Map<String, JsonNode> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

    public static JsonNode schema(String kind) {
        return SCHEMAS.computeIfAbsent(kind, ProjectCrds::load);
    }

    private static JsonNode load(String kind) {
        return HpcenvCrds.all().stream()
                .flatMap(crd -> ResourceCatalog.fromCrd(crd).stream())
                .filter(type -> type.kind().equals(kind))
                .map(ResourceType::schema)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no CRD for " + kind + " on the class path"));
    }

    public static ObjectNode valid(String kind) {
        String condition = "{'type':'Ready','status':'True','reason':'Fine','observedGeneration':1}";
        String body = switch (kind) {
            case "HpcJob" ->
                "'spec':{'clusterRef':{'name':'alps'},'command':['hostname'],'environmentRef':{'name':'env'},"
                        + "'resources':{'nodes':2,'tasks':4,'tasksPerNode':2,'cpusPerTask':8,'gpus':4,'memory':'4Gi',"
                        + "'timeLimit':'1h'},'array':'0-9%2','dependsOn':[{'name':'prepare'}],"
                        + "'services':[{'name':'sampler','command':['sampler'],'terminationGracePeriodSeconds':10,"
                        + "'ready':{'tcpPort':8080,'timeoutSeconds':30,'periodSeconds':1}}]},"
                        + "'status':{'phase':'Running','slurmJobId':42,'exitCode':0,'signal':9,'observedGeneration':1,"
                        + "'array':{'total':10,'pending':5,'running':2,'succeeded':2,'failed':1,'cancelled':0,"
                        + "'failedIndexes':[{'index':3,'exitCode':1}]},"
                        + "'progress':{'summary':'pulling 50% of 2 B','image':{'phase':'Pulling','bytesDone':1,"
                        + "'bytesTotal':2,'bytesPerSecond':1,'percent':50},'tasks':{'started':1,'ended':0,'failed':0,"
                        + "'items':[{'task':0,'node':'nid1','attempt':1,'exitCode':0}]}},"
                        + "'services':[{'name':'sampler','node':'nid1','state':'Exited','exitCode':0}],"
                        + "'conditions':[" + condition + "]}";
            case "HpcEnvironment", "ClusterHpcEnvironment" ->
                "'spec':{'image':'library/ubuntu:24.04'}," + "'status':{'observedGeneration':1,'conditions':["
                        + condition + "]}";
            case "SlurmCluster" ->
                "'spec':{'url':'http://127.0.0.1:6820',"
                        + "'auth':{'jwtKeySecretRef':{'namespace':'hpcenv','name':'jwt','key':'key'},'jwtLifespanSeconds':600},"
                        + "'userMappings':[{'namespace':'physics','user':'alice'}],'syncIntervalSeconds':10,"
                        + "'defaults':{'timeLimit':'1h'}},"
                        + "'status':{'observedGeneration':1,'conditions':[" + condition + "]}";
            default -> throw new IllegalArgumentException(kind);
        };
        boolean namespaced = kind.equals("HpcJob") || kind.equals("HpcEnvironment");
        return (ObjectNode) json("{'apiVersion':'hpcenv.dev/v1alpha1','kind':'" + kind + "','metadata':{'name':'x'"
                + (namespaced ? ",'namespace':'physics'" : "") + "}," + body + "}");
    }

    public static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    /** An integer field of a kind: where it is (JSON pointer, API path with [0] for list items) and its schema. */
    public record IntegerField(String kind, String pointer, String path, JsonNode schema) {
        @Override
        public String toString() {
            return kind + " " + path;
        }
    }

    /** Every integer field of every project kind. */
    public static List<IntegerField> integerFields() {
        List<IntegerField> fields = new ArrayList<>();
        for (String kind : KINDS) {
            collect(kind, schema(kind), "", "", fields);
        }
        return fields;
    }

    private static void collect(String kind, JsonNode schema, String pointer, String path, List<IntegerField> out) {
        if ("integer".equals(schema.path("type").asText())) {
            out.add(new IntegerField(kind, pointer, path, schema));
        }
        for (Map.Entry<String, JsonNode> property : iterable(schema.path("properties"))) {
            String name = property.getKey();
            collect(kind, property.getValue(), pointer + "/" + name, path.isEmpty() ? name : path + "." + name, out);
        }
        if (schema.has("items")) {
            collect(kind, schema.get("items"), pointer + "/0", path + "[0]", out);
        }
    }

    /** Sets the value at a JSON pointer whose parent exists (an object field or a list item). */
    public static void set(ObjectNode object, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = object.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent.isArray()) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
