package dev.hpcenv.shim.log;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The shim's own lines on stderr. Warnings, facts about a degraded run and errors always go there;
 * the progress of slow phases (pull, build) only when asked for ({@link #showProgress}), because
 * stderr of a batch job is the user's output file. On a terminal the lines are short and human;
 * otherwise one structured {@code key=value} line per event, which site log collectors parse. The
 * warm path prints nothing. Values are never secrets.
 */
public final class ShimLog {
    private static volatile boolean interactive = System.console() != null;
    private static volatile boolean debug = "debug".equalsIgnoreCase(System.getenv("HPCENV_SHIM_LOG"));
    private static volatile boolean progressOnStderr;
    private static volatile ProgressSink sink = ProgressSink.NONE;

    private ShimLog() {}

    /** Whether a person reads stderr (a console): short human lines instead of key=value ones. */
    public static boolean isInteractive() {
        return interactive;
    }

    public static void setInteractive(boolean value) {
        interactive = value;
    }

    /** Whether progress lines go to stderr (see {@code ProgressSetting}); off unless asked for. */
    public static void showProgress(boolean value) {
        progressOnStderr = value;
    }

    /** The sink that receives every progress event, shown on stderr or not. */
    public static void setProgressSink(ProgressSink value) {
        sink = value == null ? ProgressSink.NONE : value;
    }

    /** Whether a sink takes progress events: measuring progress is worth its cost only then. */
    public static boolean hasProgressSink() {
        return sink != ProgressSink.NONE;
    }

    /**
     * A progress event for the sink only: too frequent (byte counts) or too slight for stderr, even
     * when progress is shown there.
     */
    public static void sinkProgress(String event, String human, Object... keyValues) {
        ProgressSink s = sink;
        if (s != ProgressSink.NONE) {
            s.progress(event, human, fields(keyValues));
        }
    }

    private static Map<String, String> fields(Object... keyValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            fields.put(String.valueOf(keyValues[i]), String.valueOf(keyValues[i + 1]));
        }
        return fields;
    }

    /** A step of a slow operation the user waits for. */
    public static void progress(String event, String human, Object... keyValues) {
        ProgressSink s = sink;
        if (s != ProgressSink.NONE) {
            s.progress(event, human, fields(keyValues));
        }
        if (progressOnStderr) {
            err().println(interactive ? "hpcenv-shim: " + human : structured("info", event, keyValues));
        }
    }

    /** Looked up at each line: the CLI replaces System.err with a UTF-8 stream before anything logs. */
    private static PrintStream err() {
        return System.err;
    }

    /** A fact about this run worth one line (a degraded mode), not a problem to fix now. */
    public static void info(String event, String human, Object... keyValues) {
        err().println(interactive ? "hpcenv-shim: " + human : structured("info", event, keyValues));
    }

    public static void warn(String event, String human, Object... keyValues) {
        err().println(interactive ? "hpcenv-shim: warning: " + human : structured("warn", event, keyValues));
    }

    public static void debug(String event, Object... keyValues) {
        if (debug) {
            err().println(structured("debug", event, keyValues));
        }
    }

    /**
     * With HPCENV_SHIM_LOG=debug: milliseconds since the JVM started, per phase (start-up tuning).
     * The JVM's uptime is read once, at the first phase; later phases add the elapsed time to it.
     */
    public static void phase(String name) {
        if (debug) {
            if (firstPhaseNanos == 0) {
                uptimeAtFirstPhase = java.lang.management.ManagementFactory.getRuntimeMXBean()
                        .getUptime();
                firstPhaseNanos = System.nanoTime();
            }
            long now = System.nanoTime();
            long ms = uptimeAtFirstPhase + (now - firstPhaseNanos) / 1_000_000;
            err().println(structured("debug", "phase", "name", name, "ms", ms));
        }
    }

    private static long firstPhaseNanos;
    private static long uptimeAtFirstPhase;

    public static String structured(String level, String event, Object... keyValues) {
        StringBuilder sb = new StringBuilder("hpcenv-shim level=")
                .append(level)
                .append(" event=")
                .append(event);
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
