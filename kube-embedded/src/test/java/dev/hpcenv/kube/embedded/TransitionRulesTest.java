package dev.hpcenv.kube.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A CRD served at run time with a transition rule ({@code oldSelf}): the embedded API hands the stored
 * object to the rule on PUT and PATCH, and runs no transition rule on create, as a cluster does.
 */
class TransitionRulesTest {

    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: quotas.test.hpcenv.dev}
            spec:
              group: test.hpcenv.dev
              names: {kind: Quota, plural: quotas, singular: quota}
              scope: Cluster
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          cores:
                            type: integer
                            format: int32
                            minimum: 0
                            maximum: 1000
                            x-kubernetes-validations:
                            - {rule: "self >= oldSelf", message: "cores may only grow"}
            """;
    private static final String QUOTAS = "/apis/test.hpcenv.dev/v1/quotas";

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedKubernetesApi api;

    @BeforeEach
    void start() {
        api = EmbeddedKubernetesApi.withCrds(CrdDocuments.fromYaml("quotas", CRD), 0)
                .start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anUpdateIsCheckedAgainstTheStoredObject() throws Exception {
        assertThat(send("POST", QUOTAS, "application/json", quota(8)).statusCode())
                .isEqualTo(201);

        HttpResponse<String> shrunk =
                send("PATCH", QUOTAS + "/q", "application/merge-patch+json", "{\"spec\":{\"cores\":4}}");
        HttpResponse<String> grown =
                send("PATCH", QUOTAS + "/q", "application/merge-patch+json", "{\"spec\":{\"cores\":16}}");
        HttpResponse<String> put = send("PUT", QUOTAS + "/q", "application/json", quota(2));

        assertThat(shrunk.statusCode()).isEqualTo(422);
        assertThat(shrunk.body()).contains("spec.cores: Invalid value: \\\"integer\\\": cores may only grow");
        assertThat(grown.statusCode()).isEqualTo(200);
        assertThat(put.statusCode()).isEqualTo(422);
        assertThat(send("GET", QUOTAS + "/q", null, "").body()).contains("\"cores\":16");
    }

    @Test
    void theStatusNamesEachFieldWithTheReasonOfItsError() throws Exception {
        HttpResponse<String> typed = send("POST", QUOTAS, "application/json", quota(8).replace("8", "\"8\""));
        HttpResponse<String> tooMany = send("POST", QUOTAS, "application/json", quota(1001));

        assertThat(typed.statusCode()).isEqualTo(422);
        assertThat(typed.body())
                .contains(
                        "\"causes\":[{\"reason\":\"FieldValueTypeInvalid\",\"message\":\"Invalid value:"
                                + " \\\"string\\\": spec.cores in body must be of type integer: \\\"string\\\"\",\"field\":\"spec.cores\"}]");
        assertThat(tooMany.body())
                .contains(
                        "\"reason\":\"FieldValueInvalid\"",
                        "\"field\":\"spec.cores\"",
                        "Quota.test.hpcenv.dev \\\"q\\\" is invalid: spec.cores: Invalid value: 1001: spec.cores in body should be"
                                + " less than or equal to 1000");
    }

    private static String quota(int cores) {
        return "{\"apiVersion\":\"test.hpcenv.dev/v1\",\"kind\":\"Quota\",\"metadata\":{\"name\":\"q\"},"
                + "\"spec\":{\"cores\":" + cores + "}}";
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(api.url() + path))
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
