package dev.hpcenv.shim.hooks;

import java.util.List;
import java.util.Map;

/**
 * The annotations hooks are matched against, after the site's policy; what it refused (the run
 * stops); and what it accepted but ignores (Pyxis's {@code com.pyxis.*}: reported, never fatal).
 */
public record EffectiveAnnotations(
        Map<String, String> annotations, List<RejectedAnnotation> rejected, List<RejectedAnnotation> ignored) {
    public EffectiveAnnotations {
        annotations = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(annotations));
        rejected = List.copyOf(rejected);
        ignored = List.copyOf(ignored);
    }
}
