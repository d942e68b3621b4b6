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
final class SlurmJsonValues {

    /** Signal names as v0.0.40+ report them, for when only the name is set. */
    private static final Map<String, Integer> SIGNALS = Map.ofEntries(
            Map.entry("HUP", 1),
            Map.entry("INT", 2),
            Map.entry("QUIT", 3),
            Map.entry("ILL", 4),
            Map.entry("TRAP", 5),
            Map.entry("ABRT", 6),
            Map.entry("BUS", 7),
            Map.entry("FPE", 8),
            Map.entry("KILL", 9),
            Map.entry("USR1", 10),
            Map.entry("SEGV", 11),
            Map.entry("USR2", 12),
            Map.entry("PIPE", 13),
            Map.entry("ALRM", 14),
            Map.entry("TERM", 15),
            Map.entry("XCPU", 24));

    private SlurmJsonValues() {}

    /** A string field, or null when absent, null or empty. */
    static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        String value = node.isValueNode() ? node.asText() : null;
        return value == null || value.isEmpty() ? null : value;
    }

    /** Slurm's uint32 sentinels: NO_VAL ("not set") and INFINITE ("unlimited"). */
    static final long NO_VAL = 0xfffffffeL;

    static final long INFINITE = 0xffffffffL;
    /** The largest raw wait(2) status: exit code in bits 8-15, signal and core flag in bits 0-7. */
    private static final long MAX_WAIT_STATUS = 0xffff;

    /**
     * A number: a plain integer, a numeric string, or a {@code {set, infinite, number}} struct.
     * Null when absent, null, unset, infinite, fractional, or beyond a signed 64-bit value (Slurm's
     * NO_VAL64 and INFINITE64 are unsigned and arrive as 18446744073709551614/5). The callers below
     * then reject the 32-bit sentinels and negative values for what they read.
     */
    static Long number(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.longValue() : null;
        }
        if (node.isFloatingPointNumber()) {
            double value = node.doubleValue();
            return value == Math.rint(value) && node.canConvertToLong() ? (long) value : null;
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

    /**
     * A Slurm uint32 (job ids, counts, minutes): null for NO_VAL, INFINITE, negative values (the
     * sentinels as a signed int: -2, -1) and anything beyond 32 bits.
     */
    static Long unsigned32(JsonNode node) {
        Long value = number(node);
        return value == null || value < 0 || value >= NO_VAL ? null : value;
    }

    /**
     * A Slurm uint16 such as {@code restart_cnt}: null for NO_VAL16 (0xfffe), INFINITE16 (0xffff), their
     * signed readings (-2, -1) and anything beyond 16 bits.
     */
    static Integer unsigned16(JsonNode node) {
        Long value = number(node);
        return value == null || value < 0 || value >= 0xfffe ? null : value.intValue();
    }

    /** A count (CPUs, nodes) or a limit in minutes as an int; null when unset, unlimited or out of range. */
    static Integer count(JsonNode node) {
        Long value = unsigned32(node);
        return value == null || value > Integer.MAX_VALUE ? null : value.intValue();
    }

    /** A Slurm uint64 such as memory in MB: null when unset, infinite or negative. */
    static Long unsigned64(JsonNode node) {
        Long value = number(node);
        return value == null || value < 0 ? null : value;
    }

    /** A job id: 1 to 0xfffffffd (Slurm's job ids are uint32 and NO_VAL is no id); null otherwise. */
    static Long jobId(JsonNode node) {
        Long value = unsigned32(node);
        return value == null || value == 0 ? null : value;
    }

    /**
     * An epoch-seconds time. 0 means unset in every version; a negative value, NO_VAL, INFINITE or
     * anything past them (a uint32 sentinel read as seconds would be the year 2106) is no time either.
     */
    static Instant instant(JsonNode node) {
        Long seconds = unsigned32(node);
        return seconds == null || seconds == 0 ? null : Instant.ofEpochSecond(seconds);
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
            List<String> status = strings(node.get("status")).stream()
                    .map(s -> s.toUpperCase(Locale.ROOT))
                    .toList();
            if (status.contains("SIGNALED") || status.contains("CORE_DUMPED")) {
                JsonNode signal = node.path("signal");
                Integer id = signalNumber(number(signal.get("id")));
                if (id == null) {
                    id = SIGNALS.get(signal.path("name")
                            .asText("")
                            .toUpperCase(Locale.ROOT)
                            .replaceFirst("^SIG", ""));
                }
                return id == null ? null : ExitStatus.signalled(id);
            }
            if (status.contains("PENDING") || status.contains("INVALID")) {
                return null;
            }
            Long code = number(node.get("return_code"));
            // WEXITSTATUS is 8 bits: anything else is a sentinel (NO_VAL) or garbage, not an exit code.
            return code == null || code < 0 || code > 255 ? null : ExitStatus.exited(code.intValue());
        }
        Long raw = number(node);
        // NO_VAL (4294967294), -2, -1: "no exit status yet". Decoding them would invent signal 126 or 127.
        if (raw == null || raw < 0 || raw > MAX_WAIT_STATUS || (raw & 0xff) == 0x7f) {
            return null; // 0x7f in the low byte: stopped, not ended.
        }
        return ExitStatus.fromWaitStatus(raw);
    }

    private static Integer signalNumber(Long id) {
        return id == null || id < 1 || id > 127 ? null : id.intValue();
    }
}
