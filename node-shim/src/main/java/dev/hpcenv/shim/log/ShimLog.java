package dev.hpcenv.shim.log;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress and event lines on stderr. On a terminal: short human lines for slow phases (pull,
 * build). In batch jobs: quiet, one structured {@code key=value} line per event so that site log
 * collectors can parse them. The warm path prints nothing. Values are never secrets.
 */
public final class ShimLog {
    private static final PrintStream ERR = System.err;
    private static volatile boolean interactive = System.console() != null;
    private static volatile boolean debug = "debug".equalsIgnoreCase(System.getenv("HPCENV_SHIM_LOG"));

    private ShimLog() {
    }

    public static void setInteractive(boolean value) {
        interactive = value;
    }

    /** A step of a slow operation the user waits for. */
    public static void progress(String event, String human, Object... keyValues) {
        if (interactive) {
            ERR.println("hpcenv-shim: " + human);
        } else {
            ERR.println(structured("info", event, keyValues));
        }
    }

    /** A fact about this run worth one line (a degraded mode), not a problem to fix now. */
    public static void info(String event, String human, Object... keyValues) {
        ERR.println(interactive ? "hpcenv-shim: " + human : structured("info", event, keyValues));
    }

    public static void warn(String event, String human, Object... keyValues) {
        ERR.println(interactive ? "hpcenv-shim: warning: " + human : structured("warn", event, keyValues));
    }

    public static void debug(String event, Object... keyValues) {
        if (debug) {
            ERR.println(structured("debug", event, keyValues));
        }
    }

    /**
     * With HPCENV_SHIM_LOG=debug: milliseconds since the JVM started, per phase (start-up tuning).
     * The JVM's uptime is read once, at the first phase; later phases add the elapsed time to it.
     */
    public static void phase(String name) {
        if (debug) {
            if (firstPhaseNanos == 0) {
                uptimeAtFirstPhase = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
                firstPhaseNanos = System.nanoTime();
            }
            long now = System.nanoTime();
            long ms = uptimeAtFirstPhase + (now - firstPhaseNanos) / 1_000_000;
            ERR.println(structured("debug", "phase", "name", name, "ms", ms));
        }
    }

    private static long firstPhaseNanos;
    private static long uptimeAtFirstPhase;

    public static String structured(String level, String event, Object... keyValues) {
        StringBuilder sb = new StringBuilder("hpcenv-shim level=").append(level).append(" event=").append(event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            sb.append(' ').append(keyValues[i]).append('=').append(quote(String.valueOf(keyValues[i + 1])));
        }
        return sb.toString();
    }

    public static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - startNanos) / 1e9);
    }

    private static String quote(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || c < 32)) {
            return v;
        }
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
