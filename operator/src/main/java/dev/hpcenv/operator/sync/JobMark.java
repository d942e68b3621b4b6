package dev.hpcenv.operator.sync;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the operator writes in the comment of each Slurm job it submits:
 * {@code hpcenv:<installation id>:<HpcJob UID>}. The UID is the idempotency key (a listed job with
 * it is adopted instead of submitting again, whatever installation marked it); the installation id
 * says which operator installation may cancel the job once its HpcJob no longer exists, so that
 * installations sharing one Slurm never touch each other's jobs.
 *
 * <p>A comment in any other form is the bare UID that operators wrote before installation ids: it is
 * still adopted, and never collected as an orphan, because nothing says which installation owns it.
 *
 * @param installation the installation id, or null for a bare (unmarked) comment
 */
public record JobMark(String installation, String uid) {

    public static final String PREFIX = "hpcenv:";
    /** Namespace UIDs fit, as do the ids an admin picks; no ':' so that the comment splits unambiguously. */
    private static final Pattern INSTALLATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public JobMark {
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("a job mark needs the HpcJob UID");
        }
        if (installation != null) {
            requireValidInstallation(installation, "installation id");
        }
    }

    /** The mark of a job submitted by {@code installation} (null: none known, a bare UID) for HpcJob {@code uid}. */
    public static JobMark of(String installation, String uid) {
        return new JobMark(installation, uid);
    }

    /**
     * Reads a listed job's comment: empty for no comment, and for a comment that starts like a mark
     * but is not one (then it names no HpcJob this operator could have written).
     */
    public static Optional<JobMark> parse(String comment) {
        if (comment == null || comment.isEmpty()) {
            return Optional.empty();
        }
        if (!comment.startsWith(PREFIX)) {
            return Optional.of(new JobMark(null, comment));
        }
        String rest = comment.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon < 0
                || colon == rest.length() - 1
                || !INSTALLATION.matcher(rest.substring(0, colon)).matches()) {
            return Optional.empty();
        }
        return Optional.of(new JobMark(rest.substring(0, colon), rest.substring(colon + 1)));
    }

    /** The comment to submit with. */
    public String comment() {
        return installation == null ? uid : PREFIX + installation + ":" + uid;
    }

    /** True when {@code installationId} marked this job (a bare UID belongs to no installation). */
    public boolean markedBy(String installationId) {
        return installation != null && installation.equals(installationId);
    }

    /**
     * Checks an installation id; the message names {@code what} (e.g. the variable it came from), the
     * rule and a hint.
     */
    public static String requireValidInstallation(String id, String what) {
        if (id == null || !INSTALLATION.matcher(id).matches()) {
            throw new IllegalArgumentException(what + ": '" + id + "' is not an installation id (1 to 63 letters, "
                    + "digits, '.', '_' or '-', starting with a letter or digit); e.g. the cluster's name");
        }
        return id;
    }
}
