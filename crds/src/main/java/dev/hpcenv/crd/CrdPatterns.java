package dev.hpcenv.crd;

/**
 * Regular expressions shared by the schema annotations. They run in the API server (Go RE2) and in
 * the tests (java.util.regex), so they keep to the syntax both understand: no look-arounds, no
 * back-references.
 */
public final class CrdPatterns {
    /** A Kubernetes object name (DNS-1123 subdomain). */
    public static final String OBJECT_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    /** A namespace name (DNS-1123 label). */
    public static final String NAMESPACE = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    /** A Secret data key. */
    public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";
    /** A memory size as a Kubernetes quantity with a binary or decimal unit; a bare number is refused. */
    public static final String MEMORY = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)$";
    /** A duration made of days, hours, minutes and seconds, largest unit first: 90m, 1h30m, 2d, 45s. */
    public static final String DURATION = "^([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$";
    /** A duration of zero (0m, 0h0s); Slurm reads a zero time limit as "no limit", so the CRDs refuse it. */
    public static final String ZERO_DURATION = "^(0+[dhms])+$";
    /** The CEL rule that refuses {@link #ZERO_DURATION}. */
    public static final String NOT_ZERO_DURATION_RULE = "!self.matches('" + ZERO_DURATION + "')";
    /** An http or https URL. */
    public static final String HTTP_URL = "^https?://[^\\s/]+(/\\S*)?$";
    /** A login name on the Slurm cluster. */
    public static final String POSIX_USER = "^[A-Za-z0-9_][A-Za-z0-9_.-]*$";
    /**
     * A mount target: absolute, relative starting with a dot (the rule of pyxis and raster), or
     * starting with a variable such as ${SCRATCH} that expands on the node.
     */
    public static final String MOUNT_TARGET = "^[/.$].*$";
    /** Slurm names (partition, account, QOS, reservation); Slurm takes comma-separated lists for some, never blanks. */
    public static final String SLURM_NAMES = "^[^\\s]+$";

    private CrdPatterns() {}
}
