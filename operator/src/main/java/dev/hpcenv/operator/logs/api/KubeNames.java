package dev.hpcenv.operator.logs.api;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes object names as the API server accepts them: a namespace is a DNS label, an HpcJob's name
 * a DNS subdomain. A path that names anything else is refused before it reaches a SubjectAccessReview
 * or the store (a name is never a file path there, but nothing else ever is either).
 */
final class KubeNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private KubeNames() {}

    /** Why {@code namespace} is no namespace name, or empty when it is one. */
    static Optional<String> namespaceProblem(String namespace) {
        if (namespace.length() > 63 || !LABEL.matcher(namespace).matches()) {
            return Optional.of("namespace '" + printable(namespace)
                    + "' is not a DNS label (lower-case letters, digits and '-', at most 63 characters)");
        }
        return Optional.empty();
    }

    /** Why {@code name} is no HpcJob name, or empty when it is one. */
    static Optional<String> nameProblem(String name) {
        if (name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
            return Optional.of("name '" + printable(name) + "' is not a DNS subdomain (lower-case letters, digits,"
                    + " '-' and '.', at most 253 characters)");
        }
        return Optional.empty();
    }

    /** At most 80 characters, control characters as '?': the name goes back into an error message. */
    static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return out.toString();
    }
}
