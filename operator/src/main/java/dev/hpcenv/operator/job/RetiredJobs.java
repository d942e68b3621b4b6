package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Slurm jobs an HpcJob gave up on through {@code suspend}, kept in an annotation. They carry the
 * HpcJob's UID in their comment like any of its jobs, so without this record a resumed HpcJob would
 * adopt its own cancelled job instead of submitting afresh.
 */
public final class RetiredJobs {

    public static final String ANNOTATION = "hpcenv.dev/retired-slurm-jobs";

    private RetiredJobs() {}

    public static Set<Long> of(HpcJob job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(ANNOTATION);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> s.matches("[0-9]+"))
                .map(Long::parseLong)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Adds {@code more} to the annotation of {@code job} (in place). */
    public static void add(HpcJob job, Set<Long> more) {
        TreeSet<Long> all = new TreeSet<>(of(job));
        all.addAll(more);
        Map<String, String> annotations = job.getMetadata().getAnnotations() == null
                ? new HashMap<>()
                : new HashMap<>(job.getMetadata().getAnnotations());
        annotations.put(ANNOTATION, all.stream().map(String::valueOf).collect(Collectors.joining(",")));
        job.getMetadata().setAnnotations(annotations);
    }
}
