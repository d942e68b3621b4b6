package dev.hpcenv.operator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusBodyTest {

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(StatusBody.badRequest("tailLines: 'x' is not a number"), 400, "BadRequest"),
                Arguments.of(StatusBody.unauthorized("no client certificate"), 401, "Unauthorized"),
                Arguments.of(StatusBody.forbidden("user \"bob\" cannot get"), 403, "Forbidden"),
                Arguments.of(StatusBody.notFound("HpcJob a/b has no log"), 404, "NotFound"),
                Arguments.of(StatusBody.methodNotAllowed("PUT"), 405, "MethodNotAllowed"),
                Arguments.of(StatusBody.tooManyRequests("busy"), 429, "TooManyRequests"),
                Arguments.of(StatusBody.internalError(), 500, "InternalError"));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("statuses")
    void anErrorIsAKubernetesStatus(StatusBody body, int code, String reason) throws Exception {
        Status status = new ObjectMapper().readValue(body.json(), Status.class);

        assertThat(status.getKind()).isEqualTo("Status");
        assertThat(status.getApiVersion()).isEqualTo("v1");
        assertThat(status.getStatus()).isEqualTo("Failure");
        assertThat(status.getCode()).isEqualTo(code);
        assertThat(status.getReason()).isEqualTo(reason);
        assertThat(status.getMessage()).isEqualTo(body.message()).isNotBlank();
    }

    @Test
    void aMethodInAMessageIsPrintable() {
        assertThat(StatusBody.methodNotAllowed("GE\u001b[2JT").message()).doesNotContain("\u001b");
    }
}
