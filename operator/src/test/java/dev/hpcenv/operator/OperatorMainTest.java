package dev.hpcenv.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorMainTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void theEmbeddedApiOptionsAreTheLaunchersAndTheErrorSaysWhereTheyAre() {
        int code = main(Map.of()).run("--embedded-api", "--kubeconfig-out", "/tmp/x");
        assertThat(code).isEqualTo(2);
        assertThat(err())
                .startsWith("hpcenv-operator: Unknown options: '--embedded-api', '--kubeconfig-out', '/tmp/x'")
                .contains("bin/hpcenv-operator --embedded-api")
                .endsWith("has no API server)\n");
    }

    @Test
    void theHintAlsoComesForTheOptionEqualsValueForm() {
        assertThat(main(Map.of()).run("--api-port=6443")).isEqualTo(2);
        assertThat(err())
                .startsWith("hpcenv-operator: Unknown option: '--api-port=6443'")
                .contains("bin/hpcenv-operator --embedded-api");
    }

    @Test
    void aBadSettingIsOneLineNamingTheVariable() {
        int code = main(Map.of("HPCENV_HTTP_PORT", "eighty")).run();
        assertThat(code).isEqualTo(2);
        assertThat(err()).isEqualTo("hpcenv-operator: HPCENV_HTTP_PORT: 'eighty' is not a whole number\n");
    }

    @Test
    void aBadOrphanSettingIsOneLineNamingTheVariable() {
        int code = main(Map.of("HPCENV_ORPHAN_GRACE_SECONDS", "0")).run();
        assertThat(code).isEqualTo(2);
        assertThat(err())
                .isEqualTo("hpcenv-operator: HPCENV_ORPHAN_GRACE_SECONDS: '0' is not a number of seconds "
                        + "from 1 to 86400 or 'off' (default 120)\n");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(main(Map.of()).run("--frobnicate")).isEqualTo(2);
        assertThat(err())
                .startsWith("hpcenv-operator: Unknown option: '--frobnicate'")
                .doesNotContain("\tat ");
    }

    private OperatorMain main(Map<String, String> env) {
        return new OperatorMain(
                env, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
