package dev.hpcenv.edf.parse;

import java.math.BigDecimal;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** Names of TOML value types for messages. */
final class TomlTypes {
    private TomlTypes() {}

    static String describe(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Long) {
            return "an integer";
        }
        if (value instanceof Double) {
            return "a float";
        }
        if (value instanceof TomlArray) {
            return "an array";
        }
        if (value instanceof TomlTable) {
            return "a table";
        }
        return "a date/time";
    }

    /** A scalar as plain text: {@code 4}, {@code true}, {@code 0.5} (no exponent). */
    static String plain(Object value) {
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return d.isNaN() ? "nan" : (d > 0 ? "inf" : "-inf");
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return value instanceof TomlArray || value instanceof TomlTable ? "…" : String.valueOf(value);
    }
}
