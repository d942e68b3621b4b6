package dev.hpcenv.operator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrontProxyConfigTest {

    private static final TestPki.Ca CA = TestPki.ca("front-proxy-ca");

    @Test
    void readsTheKeysTheApiServerWrites() {
        FrontProxyConfig config = FrontProxyConfig.fromConfigMap(Map.of(
                "requestheader-client-ca-file", CA.pem() + TestPki.ca("second").pem(),
                "requestheader-allowed-names", "[\"front-proxy-client\",\"aggregator\"]",
                "requestheader-username-headers", "[\"X-Remote-User\",\"X-Other-User\"]",
                "requestheader-group-headers", "[\"X-Remote-Group\"]",
                "requestheader-extra-headers-prefix", "[\"X-Remote-Extra-\"]",
                "client-ca-file", "ignored"));

        assertThat(config.configured()).isTrue();
        assertThat(config.clientCas()).hasSize(2).first().isEqualTo(CA.certificate());
        assertThat(config.allowedNames()).containsExactlyInAnyOrder("front-proxy-client", "aggregator");
        assertThat(config.usernameHeaders()).containsExactly("X-Remote-User", "X-Other-User");
        assertThat(config.groupHeaders()).containsExactly("X-Remote-Group");
    }

    @Test
    void withoutTheCaNothingIsConfigured() {
        assertThat(FrontProxyConfig.fromConfigMap(Map.of("client-ca-file", "x")).configured())
                .isFalse();
        assertThat(FrontProxyConfig.fromConfigMap(null).configured()).isFalse();
    }

    @Test
    void emptyListsAllowAnyNameAndDefaultTheUserHeader() {
        FrontProxyConfig config = FrontProxyConfig.fromConfigMap(Map.of(
                "requestheader-client-ca-file", CA.pem(),
                "requestheader-allowed-names", "null",
                "requestheader-username-headers", "[]"));

        assertThat(config.allowedNames()).isEmpty();
        assertThat(config.usernameHeaders()).containsExactly("X-Remote-User");
        assertThat(config.groupHeaders()).isEmpty();
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of(Map.of("requestheader-client-ca-file", "not pem"), "requestheader-client-ca-file"),
                Arguments.of(
                        Map.of(
                                "requestheader-client-ca-file",
                                CA.pem(),
                                "requestheader-allowed-names",
                                "front-proxy-client"),
                        "requestheader-allowed-names: not a JSON array of strings"),
                Arguments.of(
                        Map.of("requestheader-client-ca-file", CA.pem(), "requestheader-group-headers", "[1]"),
                        "requestheader-group-headers: element 1 is not a string"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("bad")
    void aBadValueIsOneLineNamingTheKey(Map<String, String> data, String message) {
        assertThatThrownBy(() -> FrontProxyConfig.fromConfigMap(data))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kube-system/extension-apiserver-authentication")
                .hasMessageContaining(message);
    }
}
