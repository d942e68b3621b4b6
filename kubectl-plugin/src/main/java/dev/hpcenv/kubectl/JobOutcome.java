package dev.hpcenv.kubectl;

/**
 * How a followed job ended, from {@code {.status.exitCode},{.status.phase}} of its HpcJob: the exit
 * code the plugin exits with after {@code -f}, or that the job has not ended (yet).
 */
record JobOutcome(boolean ended, int exitCode, String phase) {

    static final String JSONPATH = "jsonpath={.status.exitCode},{.status.phase}";

    static JobOutcome parse(String jsonpathOutput) {
        String text = jsonpathOutput.strip();
        int comma = text.indexOf(',');
        String code = comma < 0 ? "" : text.substring(0, comma).strip();
        String phase = comma < 0 ? text : text.substring(comma + 1).strip();
        boolean ended = phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Cancelled");
        if (!ended) {
            return new JobOutcome(false, 1, phase.isEmpty() ? "not started" : phase);
        }
        if (!code.isEmpty()) {
            int value = Numbers.parse(code);
            // A shell exit status is 0..255; anything else (negative, larger) is not a success, and
            // neither is a failed or cancelled job whose exit code says 0 (killed by a signal).
            boolean usable = value >= 0 && value <= 255 && (value != 0 || phase.equals("Succeeded"));
            return new JobOutcome(true, usable ? value : 1, phase);
        }
        return new JobOutcome(true, phase.equals("Succeeded") ? 0 : 1, phase);
    }
}
