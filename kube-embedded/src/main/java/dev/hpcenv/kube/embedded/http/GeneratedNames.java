package dev.hpcenv.kube.embedded.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.function.Predicate;

/**
 * {@code metadata.generateName}: the API server appends five random characters. Names are drawn
 * until one is free.
 */
final class GeneratedNames {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int SUFFIX_LENGTH = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedNames() {}

    /** Sets metadata.name from metadata.generateName when the name is missing. */
    static void assignIfRequested(ObjectNode object, Predicate<String> isFree) {
        if (!(object.get("metadata") instanceof ObjectNode metadata)
                || !metadata.path("name").asText("").isEmpty()
                || metadata.path("generateName").asText("").isEmpty()) {
            return;
        }
        String prefix = metadata.get("generateName").asText();
        String candidate;
        do {
            StringBuilder name = new StringBuilder(prefix);
            for (int i = 0; i < SUFFIX_LENGTH; i++) {
                name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            candidate = name.toString();
        } while (!isFree.test(candidate));
        metadata.put("name", candidate);
    }
}
