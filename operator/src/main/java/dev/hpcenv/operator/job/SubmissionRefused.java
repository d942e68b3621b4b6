package dev.hpcenv.operator.job;

import java.util.List;

/**
 * A submission that cannot be made from this spec (a limit of Slurm or Linux, a value out of
 * range): the user's to fix, so it becomes {@code Accepted=False}, never a retry.
 */
public final class SubmissionRefused extends RuntimeException {

    private final List<String> problems;

    public SubmissionRefused(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** One line each, naming the field. */
    public List<String> problems() {
        return problems;
    }
}
