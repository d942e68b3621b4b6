package dev.hpcenv.operator.orphans;

import dev.hpcenv.operator.sync.JobMark;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How this installation marks its Slurm jobs and collects the orphaned ones, read once from the
 * environment at start (see operator/README.md). Every bad value is a one-line error naming the
 * variable and what it accepts.
 *
 * @param installationId the configured id ({@value #INSTALLATION_ID}); empty: the UID of {@link #namespace}
 * @param namespace      whose UID is the id when none is configured: the operator's own (POD_NAMESPACE),
 *                       else {@code default} (an operator run outside a cluster)
 * @param grace          how long a marked job must have had no HpcJob before it is cancelled; empty: never
 */
public record OrphanSettings(Optional<String> installationId, String namespace, Optional<Duration> grace) {

    public static final String INSTALLATION_ID = "HPCENV_INSTALLATION_ID";
    public static final String GRACE_SECONDS = "HPCENV_ORPHAN_GRACE_SECONDS";
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(2);
    /** A day: a longer grace is a typo more likely than a wish, and "off" says that wish plainly. */
    static final long MAX_GRACE_SECONDS = 86_400;

    public static OrphanSettings defaults() {
        return fromEnvironment(Map.of());
    }

    public static OrphanSettings fromEnvironment(Map<String, String> env) {
        Optional<String> id = Optional.ofNullable(env.get(INSTALLATION_ID))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> JobMark.requireValidInstallation(s, INSTALLATION_ID));
        String namespace = Optional.ofNullable(env.get("POD_NAMESPACE"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .orElse("default");
        return new OrphanSettings(id, namespace, grace(env.get(GRACE_SECONDS)));
    }

    private static Optional<Duration> grace(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(DEFAULT_GRACE);
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("off")) {
            return Optional.empty();
        }
        long seconds;
        try {
            seconds = Long.parseLong(v);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > MAX_GRACE_SECONDS) {
            throw new IllegalArgumentException(GRACE_SECONDS + ": '" + value + "' is not a number of seconds from 1 to "
                    + MAX_GRACE_SECONDS + " or 'off' (default " + DEFAULT_GRACE.toSeconds() + ")");
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }
}
