package dev.hpcenv.shim.cli;

import dev.hpcenv.shim.error.ShimException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether pull and build progress goes to stderr. A batch job's stderr is the user's output file,
 * so progress stays out of it unless someone asks: the command line ({@code --progress}) over
 * {@code HPCENV_SHIM_PROGRESS} over the site's {@code progress} setting; without any of them, only
 * a person at a terminal sees it.
 */
final class ProgressSetting {
    static final String ENV = "HPCENV_SHIM_PROGRESS";

    private ProgressSetting() {}

    /**
     * @param flag     {@code --progress} was given
     * @param env      the job's environment
     * @param site     the site configuration's {@code progress}, when set
     * @param terminal stderr is read by a person (a console)
     */
    static boolean onStderr(boolean flag, Map<String, String> env, Optional<Boolean> site, boolean terminal) {
        if (flag) {
            return true;
        }
        String value = env.get(ENV);
        if (value != null && !value.isBlank()) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "1", "true", "yes", "on", "stderr" -> true;
                case "0", "false", "no", "off" -> false;
                default ->
                    throw ShimException.usage(
                            ENV + "=" + value + ": expected 1 (progress on stderr) or 0",
                            "unset it to keep progress out of the job's output");
            };
        }
        return site.orElse(terminal);
    }
}
