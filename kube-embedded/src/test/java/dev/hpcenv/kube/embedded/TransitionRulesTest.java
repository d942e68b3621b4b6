package dev.hpcenv.kube.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.kube.embedded.validation.EmbeddedCases;
import dev.hpcenv.kube.embedded.validation.ValidationCase;
import dev.hpcenv.kube.embedded.validation.ValidationCases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A CRD with a transition rule ({@code oldSelf}), the shared Quota of the validation cases: the
 * embedded API hands the stored object to the rule on PUT and PATCH, and runs no transition rule on
 * create, as a cluster does. The cases of {@link ValidationCases#transitions()} run here and, in
 * CrdsRealApiIT, against a real kube-apiserver.
 */
class TransitionRulesTest {

    private static final String QUOTAS = "/apis/validation.test.hpcenv.dev/v1/namespaces/default/quotas";

    static List<ValidationCase> cases() {
        return ValidationCases.transitions();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theEmbeddedApiGivesEachCaseItsVerdict(ValidationCase c) {
        try (EmbeddedCases embedded = EmbeddedCases.start()) {
            embedded.assertVerdict(c);
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedKubernetesApi api;

    @BeforeEach
    void start() {
        api = EmbeddedKubernetesApi.withCrds(ValidationCases.testCrds(), 0).start();
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
        assertThat(shrunk.body()).contains("spec.cores: Invalid value: 4: cores may only grow");
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
                                + " \\\"string\\\": spec.cores in body must be of type integer: \\\"string\\\"\",\"field\":\"spec.cores\"},{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation\",\"field\":\"<nil>\"}]");
        assertThat(tooMany.body())
                .contains(
                        "\"reason\":\"FieldValueInvalid\"",
                        "\"field\":\"spec.cores\"",
                        "Quota.validation.test.hpcenv.dev \\\"q\\\" is invalid: spec.cores: Invalid value: 1001: spec.cores in body should be"
                                + " less than or equal to 1000");
    }

    private static String quota(int cores) {
        return "{\"apiVersion\":\"validation.test.hpcenv.dev/v1\",\"kind\":\"Quota\",\"metadata\":{\"name\":\"q\"},"
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
