package dev.hpcenv.shim.cli;

import dev.hpcenv.shim.error.ShimException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text is UTF-8 end to end, whatever the node's locale. The JVM decodes its arguments, the
 * environment and every file name in the charset of its locale ({@code sun.jnu.encoding}, which no
 * option sets on JDK 17..25), and a batch job usually has no LANG: ASCII, and every other byte lost.
 * So the launcher ({@code bin/hpcenv-shim}) runs the JVM with {@code LC_ALL=C.UTF-8} (or the site's
 * {@code HPCENV_SHIM_LOCALE}) and records the job's own LC_ALL in {@link #SAVED}; the shim gives it
 * back before the environment reaches the container, hooks or the runtime.
 */
final class LauncherLocale {
    /** {@code unset}, or {@code =VALUE}: the job's LC_ALL before the launcher replaced it. */
    static final String SAVED = "HPCENV_SHIM_SAVED_LC_ALL";

    private LauncherLocale() {}

    /** The job's environment: the JVM's, with the launcher's LC_ALL undone. */
    static Map<String, String> jobEnvironment(Map<String, String> jvmEnv) {
        String saved = jvmEnv.get(SAVED);
        if (saved == null) {
            return jvmEnv;
        }
        Map<String, String> env = new LinkedHashMap<>(jvmEnv);
        env.remove(SAVED);
        if (saved.startsWith("=")) {
            env.put("LC_ALL", saved.substring(1));
        } else {
            env.remove("LC_ALL");
        }
        return env;
    }

    /**
     * Refuses to run when the JVM could not get a UTF-8 locale (the node lacks it) and the job
     * passes non-ASCII text, which would arrive corrupted: one line saying so instead.
     *
     * @param jnuEncoding the JVM's {@code sun.jnu.encoding}
     * @param rawBytes    the process's arguments and environment as the kernel holds them
     */
    static void requireUtf8(String jnuEncoding, Map<String, String> jvmEnv, RawProcess rawBytes) {
        if (jnuEncoding == null || jnuEncoding.equalsIgnoreCase("UTF-8") || jnuEncoding.equalsIgnoreCase("UTF8")) {
            return;
        }
        if (!rawBytes.hasNonAscii()) {
            return;
        }
        String why = jvmEnv.containsKey(SAVED)
                ? "the launcher's locale '" + jvmEnv.getOrDefault("LC_ALL", "") + "' is not installed on this node"
                : "the shim was started without its launcher, in a locale that is" + " not UTF-8";
        throw ShimException.usage(
                "the JVM reads arguments, the environment and file names as " + jnuEncoding + " (" + why
                        + "), and this job passes non-ASCII text that would arrive corrupted",
                jvmEnv.containsKey(SAVED)
                        ? "install the C.UTF-8 locale on the node, or set HPCENV_SHIM_LOCALE in the launcher's environment to a"
                                + " UTF-8 locale that 'locale -a' lists"
                        : "start it as bin/hpcenv-shim, which runs the JVM in C.UTF-8");
    }

    /** The kernel's copy of this process's argv and environment. */
    @FunctionalInterface
    interface RawProcess {
        boolean hasNonAscii();

        RawProcess SELF =
                () -> anyHighByte(Path.of("/proc/self/cmdline")) || anyHighByte(Path.of("/proc/self/environ"));
    }

    private static boolean anyHighByte(Path file) {
        try {
            for (byte b : Files.readAllBytes(file)) {
                if (b < 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
