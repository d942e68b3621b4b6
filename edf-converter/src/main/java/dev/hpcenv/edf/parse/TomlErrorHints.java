package dev.hpcenv.edf.parse;

/** Hints for the TOML mistakes seen in real EDFs (CSCS documentation examples included). */
final class TomlErrorHints {
    private TomlErrorHints() {}

    static String hintFor(String message) {
        if (message == null) {
            return null;
        }
        if (message.contains("previously defined")) {
            return "a key or table may be defined only once; merge the two sections (e.g. keep one [annotations] "
                    + "with dotted keys)";
        }
        if (message.startsWith("Unexpected ','") && message.contains("expected a newline")) {
            return "key = value lines take no trailing comma";
        }
        if (message.contains("expected ], a comma")) {
            return "separate array items with commas";
        }
        if (message.contains("expected a key")) {
            return "each line is key = \"value\", a [table] header or a # comment";
        }
        if (message.contains("too large") || message.contains("too small")) {
            return "TOML integers are 64-bit (at most 9223372036854775807); quote the value if it is text";
        }
        // Every error line carries a hint, even where the parser's message says it all.
        return "see the TOML syntax at https://toml.io; strings are \"quoted\"";
    }
}
