package dev.hpcenv.shim.state;

import java.nio.charset.StandardCharsets;

/**
 * Short, stable file names for keys (mount keys, tag cache entries). Not a security boundary:
 * the directories are private to the user. A 64-bit FNV-1a hash, because the JDK's SHA-256
 * costs tens of milliseconds to initialise on a path that runs at every task start.
 */
public final class Names {
    private Names() {}

    public static String key(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        String hex = Long.toHexString(h);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
