package dev.hpcenv.edf.parse;

import java.util.Arrays;
import java.util.Optional;

/** The top-level keys of an EDF (CSCS documentation, Sarus Suite's {@code devices}, the paper's {@code containerfile}). */
public enum EdfKey {
    BASE_ENVIRONMENT("base_environment"),
    IMAGE("image"),
    CONTAINERFILE("containerfile"),
    WORKDIR("workdir"),
    ENTRYPOINT("entrypoint"),
    WRITABLE("writable"),
    MOUNTS("mounts"),
    ENV("env"),
    ANNOTATIONS("annotations"),
    DEVICES("devices");

    private final String key;

    EdfKey(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<EdfKey> of(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    /** The known key closest to a misspelt one, if it is close enough to be a likely typo. */
    public static Optional<EdfKey> closestTo(String key) {
        EdfKey best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (EdfKey k : values()) {
            int d = distance(key.toLowerCase(), k.key);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= 2 ? Optional.of(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
