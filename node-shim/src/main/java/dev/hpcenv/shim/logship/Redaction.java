package dev.hpcenv.shim.logship;

/** Removes the token from any text that may reach a log line (a server's reason, an exception message). */
final class Redaction {
    private final String token;

    Redaction(String token) {
        this.token = token;
    }

    String apply(String text) {
        if (text == null) {
            return "";
        }
        String t = token.isEmpty() ? text : text.replace(token, "[token]");
        // A server's reason is one short line.
        t = t.replaceAll("[\\r\\n]+", " ");
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
