package dev.hpcenv.slurm.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpcenv.slurm.ExitStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lenient readers for the value shapes slurmrestd uses across versions: plain numbers or
 * {@code {set, infinite, number}} structs, strings or string arrays, null for "unset" (v0.0.38),
 * numbers sent as strings (v0.0.40+ meta versions).
 */
final class Fields {

    /** Signal names as v0.0.40+ report them, for when only the name is set. */
    private static final Map<String, Integer> SIGNALS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8),
            Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
            Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("XCPU", 24));

    private Fields() {
    }

    /** A string field, or null when absent, null or empty. */
    static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        String value = node.isValueNode() ? node.asText() : null;
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * A number: a plain integer, a numeric string, or a {@code {set, infinite, number}} struct.
     * Null when absent, null, unset or infinite.
     */
    static Long number(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (node.isObject() && node.has("number")) {
            if (!node.path("set").asBoolean(true) || node.path("infinite").asBoolean(false)) {
                return null;
            }
            return number(node.get("number"));
        }
        return null;
    }

    static Integer integer(JsonNode node) {
        Long value = number(node);
        return value == null || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE ? null : value.intValue();
    }

    /** An epoch-seconds time; 0 means unset in every version. */
    static Instant instant(JsonNode node) {
        Long seconds = number(node);
        return seconds == null || seconds <= 0 ? null : Instant.ofEpochSecond(seconds);
    }

    /** A string or an array of strings, as a list (v0.0.38/39 strings, v0.0.40+ arrays). */
    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(item -> {
                if (!item.isNull() && !item.asText().isEmpty()) {
                    out.add(item.asText());
                }
            });
        } else if (node.isValueNode() && !node.asText().isEmpty()) {
            for (String part : node.asText().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /**
     * The exit status in any of its three shapes: a raw wait status (v0.0.38, v0.0.39 up to 23.02.3),
     * a struct around the raw status (v0.0.39 from 23.02.4), or the verbose v0.0.40+ object with
     * {@code status[]}, {@code return_code} and {@code signal}. Null when unknown or pending.
     */
    static ExitStatus exit(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject() && node.has("status")) {
            List<String> status = strings(node.get("status")).stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
            if (status.contains("SIGNALED") || status.contains("CORE_DUMPED")) {
                JsonNode signal = node.path("signal");
                Integer id = integer(signal.get("id"));
                if (id == null) {
                    id = SIGNALS.get(signal.path("name").asText("").toUpperCase(Locale.ROOT).replaceFirst("^SIG", ""));
                }
                return id == null ? null : ExitStatus.signalled(id);
            }
            if (status.contains("PENDING") || status.contains("INVALID")) {
                return null;
            }
            Integer code = integer(node.get("return_code"));
            return code == null ? null : ExitStatus.exited(code);
        }
        Long raw = number(node);
        return raw == null ? null : ExitStatus.fromWaitStatus(raw);
    }
}
