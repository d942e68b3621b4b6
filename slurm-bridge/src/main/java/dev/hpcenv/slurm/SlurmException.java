package dev.hpcenv.slurm;

import java.util.List;

/**
 * A failed slurmrestd call. The message is one line for a human and never contains a token or key.
 * {@link #kind()} says what went wrong; {@link #outcomeUnknown()} is true when a submit may or may
 * not have created a job (look it up by comment before submitting again).
 */
public class SlurmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, coarse enough for a caller to decide what to do. */
    public enum Kind {
        /** Nothing listens at the URL, or the connection broke. */
        UNREACHABLE,
        /** No answer within the timeout. */
        TIMEOUT,
        /** The credentials were refused (missing headers, bad or expired token, wrong key or user). */
        AUTHENTICATION,
        /** The job (or path) does not exist. */
        NOT_FOUND,
        /** Slurm refused the request as invalid (bad field, unknown partition, ...). */
        REJECTED,
        /** The server answered in a way the bridge did not expect, or failed internally. */
        SERVER_ERROR,
        /** The server speaks no API version this bridge supports. */
        UNSUPPORTED_VERSION
    }

    private final Kind kind;
    private final int httpStatus;
    private final List<SlurmError> slurmErrors;
    private final boolean outcomeUnknown;

    public SlurmException(
            Kind kind,
            String message,
            int httpStatus,
            List<SlurmError> slurmErrors,
            boolean outcomeUnknown,
            Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.slurmErrors = List.copyOf(slurmErrors);
        this.outcomeUnknown = outcomeUnknown;
    }

    public SlurmException(Kind kind, String message) {
        this(kind, message, 0, List.of(), false, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    public List<SlurmError> slurmErrors() {
        return slurmErrors;
    }

    /** True when the slurm errno list contains {@code number}. */
    public boolean hasSlurmError(int number) {
        return slurmErrors.stream().anyMatch(e -> e.number() != null && e.number() == number);
    }

    /**
     * True for a submit whose request may have reached slurmctld although no job id came back
     * (timeout, broken connection, server error). Never retry such a submit blindly.
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    /** Returns a copy that marks the outcome of a submit as unknown. */
    public SlurmException withOutcomeUnknown() {
        return new SlurmException(
                kind,
                getMessage() + " (the job may or may not have been created;"
                        + " look it up by its comment before submitting again)",
                httpStatus,
                slurmErrors,
                true,
                getCause());
    }
}
