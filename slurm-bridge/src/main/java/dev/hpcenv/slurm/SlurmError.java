package dev.hpcenv.slurm;

/**
 * One item of a slurmrestd {@code errors[]} list. Slurm uses {@code error_number} or (some v0.0.38
 * paths) {@code error_code}; some items carry only a description.
 *
 * @param number the Slurm errno, or null when the item had none
 */
public record SlurmError(Integer number, String error, String description, String source) {

    /** A one-line human text: the most specific message first. */
    public String text() {
        StringBuilder out = new StringBuilder();
        if (description != null && !description.isBlank()) {
            out.append(description);
        }
        if (error != null && !error.isBlank() && !error.equals(description)) {
            out.append(out.isEmpty() ? "" : ": ").append(error);
        }
        if (number != null) {
            out.append(" (Slurm error ").append(number).append(')');
        }
        return out.isEmpty() ? "unspecified error" : out.toString();
    }
}
