package dev.hpcenv.operator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.operator.testing.MutableClock;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrontProxyConfigSourceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final TestPki.Ca first = TestPki.ca("front-proxy-ca");
    private final TestPki.Ca second = TestPki.ca("front-proxy-ca-2");
    private Object answer = LogApiServerTest.frontProxyData(first);
    private int reads;
    private final FrontProxyConfigSource source = new FrontProxyConfigSource(
            () -> {
                reads++;
                if (answer instanceof RuntimeException e) {
                    throw e;
                }
                @SuppressWarnings("unchecked")
                Optional<Map<String, String>> data = Optional.ofNullable((Map<String, String>) answer);
                return data;
            },
            clock);

    @Test
    void readsOnceAMinuteAtMost() {
        assertThat(source.current().clientCas()).containsExactly(first.certificate());
        answer = LogApiServerTest.frontProxyData(second);
        clock.advance(Duration.ofSeconds(59));
        assertThat(source.current().clientCas()).containsExactly(first.certificate());
        clock.advance(Duration.ofSeconds(2));

        assertThat(source.current().clientCas()).containsExactly(second.certificate());
        assertThat(reads).isEqualTo(2);
    }

    @Test
    void aRefusedCertificateReadsAgainAtMostEveryFiveSeconds() {
        source.current();
        answer = LogApiServerTest.frontProxyData(second);

        assertThat(source.afterRefusal().clientCas()).as("read a moment ago").containsExactly(first.certificate());
        clock.advance(Duration.ofSeconds(6));
        assertThat(source.afterRefusal().clientCas()).containsExactly(second.certificate());
    }

    @Test
    void aBadOrUnreadableConfigMapKeepsTheLastGoodConfiguration() {
        source.current();
        answer = Map.of(FrontProxyConfig.CLIENT_CA, "not a certificate");
        clock.advance(Duration.ofMinutes(2));
        assertThat(source.current().clientCas()).containsExactly(first.certificate());
        answer = new KubernetesClientException("forbidden", 403, null);
        clock.advance(Duration.ofMinutes(2));

        assertThat(source.current().clientCas()).containsExactly(first.certificate());
    }

    @Test
    void noConfigMapMeansNoFrontProxy() {
        answer = null;

        assertThat(source.current().configured()).isFalse();
    }
}
