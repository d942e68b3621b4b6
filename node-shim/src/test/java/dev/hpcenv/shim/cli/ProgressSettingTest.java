package dev.hpcenv.shim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.error.ShimException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressSettingTest {
    @ParameterizedTest(name = "flag={0} env={1} site={2} terminal={3} -> {4}")
    @CsvSource(
            nullValues = "-",
            value = {
                "false, -,     -,     false, false", // a batch job: its stderr is the user's output file
                "false, -,     -,     true,  true", // a person at a terminal
                "true,  -,     -,     false, true",
                "true,  0,     false, false, true", // the command line wins
                "false, 1,     -,     false, true",
                "false, 0,     true,  true,  false", // the job's variable over the site and the terminal
                "false, -,     true,  false, true",
                "false, -,     false, true,  false",
                "false, stderr, -,    false, true",
            })
    void theCommandLineOverTheJobOverTheSiteOverTheTerminal(
            boolean flag, String env, Boolean site, boolean terminal, boolean expected) {
        Map<String, String> jobEnv = env == null ? Map.of() : Map.of(ProgressSetting.ENV, env);
        assertThat(ProgressSetting.onStderr(flag, jobEnv, Optional.ofNullable(site), terminal))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"maybe", "2"})
    void anUnknownValueIsAnErrorNamingTheVariable(String value) {
        assertThatThrownBy(() ->
                        ProgressSetting.onStderr(false, Map.of(ProgressSetting.ENV, value), Optional.empty(), false))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("HPCENV_SHIM_PROGRESS=" + value + ": expected 1");
    }
}
