package dev.hpcenv.slurm;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each Slurm release does with the slurmrestd API versions, in one table: the versions it serves,
 * the one it deprecates and the release that removes it, and whether slurmrestd has the
 * {@code /healthz}, {@code /readyz}, {@code /livez} probes. Taken from SchedMD's RELEASE_NOTES(.md) and
 * {@code src/plugins/data_parser}, {@code src/plugins/openapi} at each release's first tag
 * (slurm-22-05-8-1 .. slurm-26-05-0-1); see docs/slurm-bridge.md. A release missing here (older, or newer
 * than this bridge) is unknown: no deprecation is claimed for it.
 */
public final class SlurmReleases {

    /** One release line, e.g. 25.11. {@code deprecated} is null when the release deprecates no API version. */
    record Release(String line, List<String> served, String deprecated, String removedIn, boolean probeEndpoints) {}

    private static final List<Release> TABLE = List.of(
            new Release("22.05", List.of("v0.0.36", "v0.0.37", "v0.0.38"), "v0.0.36", "23.02", false),
            new Release("23.02", List.of("v0.0.37", "v0.0.38", "v0.0.39"), null, null, false),
            new Release("23.11", List.of("v0.0.38", "v0.0.39", "v0.0.40"), "v0.0.38", "24.05", false),
            new Release("24.05", List.of("v0.0.39", "v0.0.40", "v0.0.41"), "v0.0.39", "24.11", false),
            new Release("24.11", List.of("v0.0.40", "v0.0.41", "v0.0.42"), null, null, false),
            new Release("25.05", List.of("v0.0.40", "v0.0.41", "v0.0.42", "v0.0.43"), "v0.0.40", "25.11", false),
            new Release("25.11", List.of("v0.0.41", "v0.0.42", "v0.0.43", "v0.0.44"), "v0.0.41", "26.05", false),
            new Release("26.05", List.of("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"), "v0.0.42", "26.11", true));

    private static final Pattern LINE = Pattern.compile("^\\s*(\\d+)\\.(\\d+)");

    private SlurmReleases() {}

    /** The release line ({@code 26.05}) of a release such as {@code 26.05.3}, or empty when it is not one. */
    static Optional<String> line(String release) {
        if (release == null) {
            return Optional.empty();
        }
        Matcher m = LINE.matcher(release);
        return m.find()
                ? Optional.of(Integer.parseInt(m.group(1)) + "." + String.format("%02d", Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    static Optional<Release> of(String release) {
        return line(release)
                .flatMap(l -> TABLE.stream().filter(r -> r.line().equals(l)).findFirst());
    }

    /**
     * Why {@code apiPath} (e.g. {@code v0.0.42}) should be left soon on {@code release}, in one line, or empty
     * when that release does not deprecate it (or is not in the table).
     */
    public static Optional<String> deprecation(String release, String apiPath) {
        return of(release)
                .filter(r -> apiPath != null && apiPath.equals(r.deprecated()))
                .map(r -> "Slurm " + r.line() + " deprecates " + r.deprecated() + ", removed in " + r.removedIn()
                        + "; use " + r.served().get(r.served().size() - 1) + " (or auto-detection) before upgrading");
    }

    /**
     * True when slurmrestd of that release answers {@code GET /readyz} (26.05+: openapi.c health paths, 204
     * with no body, token required); false for older or unknown releases, which answer those paths with 404.
     */
    public static boolean hasProbeEndpoints(String release) {
        if (of(release).map(Release::probeEndpoints).orElse(false)) {
            return true;
        }
        // A release newer than the table keeps them.
        return atLeast(release, "26.05");
    }

    /**
     * True when {@code release} (e.g. {@code 26.05.3}) is of release line {@code line} (e.g. {@code 24.11}) or
     * later; false when it is not a release.
     */
    public static boolean atLeast(String release, String line) {
        return line(release).map(l -> l.compareTo(line) >= 0).orElse(false);
    }

    /** The versions the table says {@code release} serves, oldest first; empty when the release is unknown. */
    public static List<String> served(String release) {
        return of(release).map(Release::served).orElse(List.of());
    }
}
