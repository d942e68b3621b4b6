package dev.hpcenv.operator.errors;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Reports defects of the operator met during a reconcile: the first time a defect meets an object
 * it is logged with its stack (for the bug report), every later time in one line, so that a defect
 * retried for hours does not bury the log.
 */
public final class InternalErrors {

    /** How soon an object that met a defect is looked at again: the operator's slow resync. */
    public static final Duration RETRY = Duration.ofMinutes(5);

    private static final int REMEMBERED = 1024;
    private static final Set<String> REPORTED =
            Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));

    private InternalErrors() {}

    /** Logs {@code e} for {@code subject} (e.g. "hpcjob=ns/name"): with its stack only the first time. */
    public static void report(Logger log, String subject, Throwable e) {
        String key = subject + " " + describe(e);
        if (REPORTED.add(key)) {
            log.error(
                    "internal error: {} error={} (a defect of the operator; the stack follows once)",
                    subject,
                    describe(e),
                    e);
        } else {
            log.warn("internal error again: {} error={}", subject, describe(e));
        }
    }

    /** The exception's class and first line of its message. */
    public static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
    }

    /** The first line of a message, at most 300 characters. */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }
}
