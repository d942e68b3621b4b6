package dev.hpcenv.shim.hooks;

import java.util.List;
import java.util.Map;

/** The annotations hooks are matched against, after the site's policy, and what it refused. */
public record EffectiveAnnotations(Map<String, String> annotations, List<RejectedAnnotation> rejected) {
    public EffectiveAnnotations {
        annotations = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(annotations));
        rejected = List.copyOf(rejected);
    }
}
