package dev.hpcenv.kube.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.kube.embedded.validation.ValidationCase;
import dev.hpcenv.kube.embedded.validation.ValidationCases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any body, however hostile, gets a 4xx Status from the embedded API and never a 5xx, a hang or a dead
 * server: huge and deep documents, numbers past every range, megabyte strings, invalid UTF-8, wrong
 * types in metadata, broken patches and selectors. After each, every object stored before is still
 * served, and a new one can still be created. The values past their limits that the CRD schemas
 * refuse are shared validation cases ({@link ValidationCases#hostileValues()}).
 */
class HostileBodiesTest {

    private static final String JOBS = "/apis/hpcenv.dev/v1alpha1/namespaces/default/hpcjobs";
    private static final String CLUSTERS = "/apis/hpcenv.dev/v1alpha1/slurmclusters";
    private static final String JSON = "application/json";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static EmbeddedKubernetesApi api;

    /** One hostile request and the status a cluster gives it (0: any 4xx). */
    record Hostile(String name, String method, String path, String contentType, byte[] body, int expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        api = HpcenvCrds.api().start();
        assertThat(send("POST", JOBS, JSON, job("keeper", "{'nodes':2}")).statusCode())
                .isEqualTo(201);
        assertThat(send(
                                "POST",
                                CLUSTERS,
                                JSON,
                                bytes(
                                        "{'apiVersion':'hpcenv.dev/v1alpha1','kind':'SlurmCluster',"
                                                + "'metadata':{'name':'keeper'},'spec':{'url':'http://127.0.0.1:6820','auth':{'tokenSecretRef':"
                                                + "{'namespace':'hpcenv','name':'t','key':'t'}},'userMappings':[{'namespace':'default','user':'alice'}]}}"))
                        .statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static Stream<Hostile> bodies() {
        List<Hostile> all = new ArrayList<>();
        byte[] fourMiB = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(fourMiB, (byte) ' ');
        all.add(new Hostile("a body over 3 MiB", "POST", JOBS, JSON, fourMiB, 413));
        all.add(new Hostile(
                "a body over 3 MiB to a patch",
                "PATCH",
                JOBS + "/keeper",
                "application/merge-patch+json",
                fourMiB,
                413));
        all.add(new Hostile(
                "100000 nested arrays",
                "POST",
                JOBS,
                JSON,
                bytes("{'kind':'HpcJob','spec':{'x':" + "[".repeat(100_000) + "]".repeat(100_000) + "}}"),
                400));
        all.add(new Hostile(
                "100000 nested objects in a patch",
                "PATCH",
                JOBS + "/keeper",
                "application/merge-patch+json",
                bytes("{'a':".repeat(100_000) + "1" + "}".repeat(100_000)),
                400));
        all.add(new Hostile(
                "a number of 5000 digits",
                "POST",
                JOBS,
                JSON,
                job("digits", "{'nodes':" + "9".repeat(5000) + "}"),
                400));
        all.add(new Hostile(
                "1e999999 (infinite as a float64)", "POST", JOBS, JSON, job("inf", "{'nodes':1e999999}"), 422));
        all.add(new Hostile(
                "a merge patch to 2^63 nodes",
                "PATCH",
                JOBS + "/keeper",
                "application/merge-patch+json",
                bytes("{'spec':{'resources':{'nodes':9223372036854775808}}}"),
                422));
        all.add(new Hostile(
                "a JSON patch to 1e20 gpus",
                "PATCH",
                JOBS + "/keeper",
                "application/json-patch+json",
                bytes("[{'op':'add','path':'/spec/resources/gpus','value':1e20}]"),
                422));
        all.add(new Hostile(
                "a JSON patch past the end of a list",
                "PATCH",
                JOBS + "/keeper",
                "application/json-patch+json",
                bytes("[{'op':'add','path':'/spec/command/99999999999','value':'x'}]"),
                0));
        all.add(new Hostile(
                "a JSON patch moving from nowhere",
                "PATCH",
                JOBS + "/keeper",
                "application/json-patch+json",
                bytes("[{'op':'move','from':'/nope/nope','path':'/spec'}]"),
                0));
        all.add(new Hostile(
                "a JSON patch replacing the whole object with a string",
                "PATCH",
                JOBS + "/keeper",
                "application/json-patch+json",
                bytes("[{'op':'replace','path':'','value':'gone'}]"),
                0));
        all.add(new Hostile(
                "a strategic merge patch of a list",
                "PATCH",
                JOBS + "/keeper",
                "application/strategic-merge-patch+json",
                bytes("[1,2,3]"),
                0));
        all.add(new Hostile(
                "an apply of YAML aliases",
                "PATCH",
                JOBS + "/keeper?fieldManager=x",
                "application/apply-patch+yaml",
                bytes(yamlBomb()),
                0));
        all.add(new Hostile("invalid UTF-8 in a string", "POST", JOBS, JSON, invalidUtf8Job(), 0));
        all.add(new Hostile(
                "a 2.5 MiB argument", "POST", JOBS, JSON, job("long", "{}", "'" + "a".repeat(2_500_000) + "'"), 0));
        all.add(new Hostile(
                "metadata that is a string",
                "POST",
                JOBS,
                JSON,
                bytes("{'apiVersion':'hpcenv.dev/v1alpha1','kind':'HpcJob','metadata':'x'}"),
                400));
        all.add(new Hostile(
                "labels that are a number", "POST", JOBS, JSON, withMetadata("{'name':'l','labels':5}"), 400));
        all.add(new Hostile(
                "a label value that is an object",
                "POST",
                JOBS,
                JSON,
                withMetadata("{'name':'l','labels':{'a':{'b':1}}}"),
                400));
        all.add(new Hostile("a name that is an object", "POST", JOBS, JSON, withMetadata("{'name':{'a':1}}"), 400));
        all.add(new Hostile(
                "finalizers that are numbers", "POST", JOBS, JSON, withMetadata("{'name':'f','finalizers':[1]}"), 400));
        all.add(new Hostile(
                "a generation of 1e400", "POST", JOBS, JSON, withMetadata("{'name':'g','generation':1e400}"), 400));
        all.add(new Hostile("null", "POST", JOBS, JSON, bytes("null"), 400));
        all.add(new Hostile("an array", "POST", JOBS, JSON, bytes("[]"), 400));
        all.add(new Hostile("a string", "POST", JOBS, JSON, bytes("'x'"), 400));
        all.add(new Hostile("half an object", "POST", JOBS, JSON, bytes("{"), 400));
        all.add(new Hostile("no body", "POST", JOBS, JSON, new byte[0], 400));
        all.add(new Hostile(
                "random bytes as protobuf",
                "POST",
                "/api/v1/namespaces/default/secrets",
                "application/vnd.kubernetes.protobuf",
                new byte[] {'k', '8', 's', 0, (byte) 0xff, (byte) 0xff, 1, 2, 3},
                0));
        all.add(new Hostile(
                "a broken label selector", "GET", JOBS + "?labelSelector=a%20in%20(", null, new byte[0], 400));
        all.add(new Hostile(
                "a watch from resourceVersion 10^30",
                "GET",
                JOBS + "?watch=1&resourceVersion=1000000000000000000000000000000&timeoutSeconds=1",
                null,
                new byte[0],
                0));
        all.add(new Hostile("a limit that is no number", "GET", JOBS + "?limit=lots", null, new byte[0], 0));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void aHostileRequestGetsAClientErrorAndEveryObjectStaysServed(Hostile hostile) throws Exception {
        HttpResponse<String> response = send(hostile.method(), hostile.path(), hostile.contentType(), hostile.body());

        if (hostile.expected() == 0) {
            assertThat(response.statusCode()).as(response.body()).isLessThan(500);
        } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(hostile.expected());
        }
        if (response.statusCode() >= 400) {
            assertThat(response.body())
                    .as("a one-line Status")
                    .contains("\"kind\":\"Status\"")
                    .doesNotContain("\n");
            assertThat(response.body().length()).as("no echo of a huge body").isLessThan(64 * 1024);
        }
        assertEveryObjectIsStillServed();
    }

    static List<ValidationCase> hostileValues() {
        return ValidationCases.hostileValues();
    }

    /**
     * The shared cases of values far past their limits (ValidationCases, also run against a real
     * kube-apiserver by CrdsRealApiIT), sent as hostile bodies: a small one-line 422, and the API stays up.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileValues")
    void aValueFarPastItsLimitGetsASmallRefusalAndEveryObjectStaysServed(ValidationCase c) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode object = c.object().deepCopy();
        object.remove("status");
        com.fasterxml.jackson.databind.node.ObjectNode metadata =
                (com.fasterxml.jackson.databind.node.ObjectNode) object.get("metadata");
        boolean job = c.kind().equals("HpcJob");
        if (job) {
            metadata.put("namespace", "default");
        }
        if (!c.keepsName()) {
            metadata.put("name", "hostile");
        }

        HttpResponse<String> response =
                send("POST", job ? JOBS : CLUSTERS, JSON, object.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.body()).contains("\"field\":\"" + c.field() + "\"").doesNotContain("\n");
        assertThat(response.body().length()).as("no echo of a huge value").isLessThan(64 * 1024);
        assertEveryObjectIsStillServed();
    }

    @Test
    void aSlowBodyOverTheLimitIsCutOffWithoutBeingHeld() throws Exception {
        byte[] big = new byte[8 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpRequest request = HttpRequest.newBuilder(api.url().resolve(JOBS))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();

        int code;
        try {
            code = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            code = 413; // the server may close the connection while the client still writes
        }

        assertThat(code).isEqualTo(413);
        assertEveryObjectIsStillServed();
    }

    private static void assertEveryObjectIsStillServed() throws Exception {
        HttpResponse<String> job = send("GET", JOBS + "/keeper", null, new byte[0]);
        assertThat(job.statusCode()).as(job.body()).isEqualTo(200);
        assertThat(job.body()).contains("\"nodes\":2");
        assertThat(send("GET", CLUSTERS + "/keeper", null, new byte[0]).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", JOBS, null, new byte[0]).body()).contains("\"name\":\"keeper\"");
        String name = "fresh-" + System.nanoTime();
        assertThat(send("POST", JOBS, JSON, job(name, "{'nodes':1}")).statusCode())
                .isEqualTo(201);
        assertThat(send("DELETE", JOBS + "/" + name, null, new byte[0]).statusCode())
                .isEqualTo(200);
    }

    private static HttpResponse<String> send(String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(api.url() + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] job(String name, String resources) {
        return job(name, resources, "'hostname'");
    }

    private static byte[] job(String name, String resources, String firstArgument) {
        return bytes("{'apiVersion':'hpcenv.dev/v1alpha1','kind':'HpcJob','metadata':{'name':'" + name + "'},"
                + "'spec':{'clusterRef':{'name':'daint'},'environmentRef':{'name':'ngc'},'command':[" + firstArgument
                + "],'resources':" + resources + "}}");
    }

    private static byte[] withMetadata(String metadata) {
        return bytes("{'apiVersion':'hpcenv.dev/v1alpha1','kind':'HpcJob','metadata':" + metadata + ","
                + "'spec':{'clusterRef':{'name':'daint'},'environmentRef':{'name':'ngc'},'command':['x']}}");
    }

    private static byte[] invalidUtf8Job() {
        byte[] head =
                "{\"apiVersion\":\"hpcenv.dev/v1alpha1\",\"kind\":\"HpcJob\",\"metadata\":{\"name\":\"utf\"},\"spec\":{\"clusterRef\":{\"name\":\"daint\"},\"environmentRef\":{\"name\":\"ngc\"},\"command\":[\""
                        .getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x28, (byte) 0xed, (byte) 0xa0, (byte) 0x80};
        byte[] tail = "\"]}}".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        return all;
    }

    private static String yamlBomb() {
        StringBuilder yaml =
                new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char previous = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            yaml.append("]\n");
            previous = c;
        }
        return yaml.toString();
    }

    private static byte[] bytes(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
