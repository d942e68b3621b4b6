package dev.hpcenv.shim.hooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code when} of a hooks.d file. Every condition given must hold (podman's semantics):
 * {@code annotations} - each key pattern is matched, with its value pattern, by some annotation;
 * {@code commands} - any pattern matches {@code process.args[0]}; {@code hasBindMounts} - the
 * environment has bind mounts. Patterns are unanchored ({@code find}), as podman; the anchored
 * patterns Sarus files use behave the same.
 */
public record HookCondition(
        Boolean always, List<AnnotationPattern> annotations, List<Pattern> commands, Boolean hasBindMounts) {
    /** One {@code "keyRegex": "valueRegex"} pair. */
    public record AnnotationPattern(Pattern key, Pattern value) {
        @Override
        public String toString() {
            return key.pattern() + "=" + value.pattern();
        }
    }

    public HookCondition {
        annotations = List.copyOf(annotations);
        commands = List.copyOf(commands);
    }

    /** What the container would be, as far as conditions care. */
    public record Subject(Map<String, String> annotations, String argv0, boolean hasBindMounts) {}

    /** Why the hook applies ("always", "annotations ...", ...), or empty when it does not. */
    public Optional<String> match(Subject s) {
        List<String> reasons = new ArrayList<>();
        if (always != null) {
            if (!always) {
                return Optional.empty();
            }
            reasons.add("always");
        }
        if (!annotations.isEmpty()) {
            for (AnnotationPattern p : annotations) {
                boolean found = s.annotations().entrySet().stream()
                        .anyMatch(e -> p.key().matcher(e.getKey()).find()
                                && p.value().matcher(e.getValue()).find());
                if (!found) {
                    return Optional.empty();
                }
            }
            reasons.add("annotations "
                    + String.join(
                            ", ",
                            annotations.stream()
                                    .map(AnnotationPattern::toString)
                                    .toList()));
        }
        if (!commands.isEmpty()) {
            String argv0 = s.argv0() == null ? "" : s.argv0();
            Optional<Pattern> hit =
                    commands.stream().filter(c -> c.matcher(argv0).find()).findFirst();
            if (hit.isEmpty()) {
                return Optional.empty();
            }
            reasons.add("commands " + hit.get().pattern());
        }
        if (hasBindMounts != null) {
            if (hasBindMounts && !s.hasBindMounts()) {
                return Optional.empty();
            }
            reasons.add("hasBindMounts");
        }
        return Optional.of(String.join("; ", reasons));
    }
}
