package dev.hpcenv.edf.validate;

/**
 * User text quoted into a one-line message: control characters escaped and long text cut, so that a
 * 1 MB name yields a readable line and not a 1 MB condition message.
 */
public final class Printable {
    /** Characters of user text kept in a message. */
    public static final int MAX_QUOTED = 64;

    private Printable() {}

    public static String of(String s) {
        return of(s, MAX_QUOTED);
    }

    /** At most {@code max} characters of {@code s}, escaped, with the full length when cut. */
    public static String of(String s, int max) {
        if (s == null) {
            return "null";
        }
        int cut = s.length() > max ? max : s.length();
        if (cut > 0 && cut < s.length() && Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cut; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (cut < s.length()) {
            out.append("...(").append(s.length()).append(" characters)");
        }
        return out.toString();
    }
}
