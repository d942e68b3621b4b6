package dev.hpcenv.kubectl;

/**
 * User text as it may appear in an error message: on one line, short, and with no control character
 * (a newline or an escape sequence in an argument must not forge output or drive the terminal).
 */
final class Shown {

    static final int MAX_CODE_POINTS = 40;

    private Shown() {}

    /** {@code 'text'}, control characters escaped (backslash x NN, backslash u{NNNN}), cut after {@value #MAX_CODE_POINTS} code points. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(MAX_CODE_POINTS + 32).append('\'');
        int shown = 0;
        int index = 0;
        while (index < text.length() && shown < MAX_CODE_POINTS) {
            int codePoint = text.codePointAt(index);
            index += Character.charCount(codePoint);
            shown++;
            if (codePoint < 0x20 || codePoint == 0x7f) {
                out.append("\\x").append(hex(codePoint, 2));
            } else if ((codePoint >= 0x80 && codePoint <= 0x9f)
                    || Character.getType(codePoint) == Character.FORMAT
                    || (codePoint >= 0xd800 && codePoint <= 0xdfff)
                    || codePoint == 0x2028
                    || codePoint == 0x2029) {
                // C1 controls, bidirectional overrides and other invisible formatting, lone surrogates.
                out.append("\\u{").append(hex(codePoint, 4)).append('}');
            } else {
                out.appendCodePoint(codePoint);
            }
        }
        out.append('\'');
        if (index < text.length()) {
            out.append("... (").append(text.codePointCount(0, text.length())).append(" characters)");
        }
        return out.toString();
    }

    private static String hex(int value, int digits) {
        String hex = Integer.toHexString(value);
        StringBuilder padded = new StringBuilder(digits);
        for (int i = hex.length(); i < digits; i++) {
            padded.append('0');
        }
        return padded.append(hex).toString();
    }
}
