package dev.hpcenv.shim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.error.ShimException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherLocaleTest {
    @Test
    void theJobGetsItsOwnLcAllBackWhateverTheLauncherSetForTheJvm() {
        assertThat(LauncherLocale.jobEnvironment(
                        Map.of("LC_ALL", "C.UTF-8", LauncherLocale.SAVED, "unset", "LANG", "C")))
                .containsExactly(Map.entry("LANG", "C"));
        assertThat(LauncherLocale.jobEnvironment(
                        Map.of("LC_ALL", "C.UTF-8", LauncherLocale.SAVED, "=de_CH.ISO-8859-1")))
                .containsExactly(Map.entry("LC_ALL", "de_CH.ISO-8859-1"));
        assertThat(LauncherLocale.jobEnvironment(Map.of("LC_ALL", "C.UTF-8", LauncherLocale.SAVED, "=")))
                .as("set but empty stays so")
                .containsExactly(Map.entry("LC_ALL", ""));
        assertThat(LauncherLocale.jobEnvironment(Map.of("LC_ALL", "POSIX")))
                .as("without the launcher: unchanged")
                .containsExactly(Map.entry("LC_ALL", "POSIX"));
    }

    @Test
    void withoutAUtf8LocaleNonAsciiInputIsRefusedNotCorrupted() {
        assertThatCode(() -> LauncherLocale.requireUtf8("UTF-8", Map.of(), () -> true))
                .doesNotThrowAnyException();
        assertThatCode(() -> LauncherLocale.requireUtf8("ANSI_X3.4-1968", Map.of(), () -> false))
                .as("ASCII input passes unharmed")
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> LauncherLocale.requireUtf8(
                        "ANSI_X3.4-1968", Map.of("LC_ALL", "C.UTF-8", LauncherLocale.SAVED, "unset"), () -> true))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(
                        "as ANSI_X3.4-1968 (the launcher's locale 'C.UTF-8' is not installed on this node)")
                .hasMessageContaining("would arrive corrupted")
                .satisfies(e -> assertThat(((ShimException) e).hint()).contains("HPCENV_SHIM_LOCALE"));
        assertThatThrownBy(() -> LauncherLocale.requireUtf8("ANSI_X3.4-1968", Map.of(), () -> true))
                .hasMessageContaining("started without its launcher")
                .satisfies(e -> assertThat(((ShimException) e).hint()).contains("bin/hpcenv-shim"));
    }
}
