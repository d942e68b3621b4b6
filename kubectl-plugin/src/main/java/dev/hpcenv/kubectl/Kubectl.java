package dev.hpcenv.kubectl;

import java.io.IOException;
import java.util.List;

/**
 * The user's kubectl, run as a program: every way kubectl authenticates (exec plugins, OIDC, client
 * certificates, tokens) works for the plugin because kubectl does the talking.
 */
interface Kubectl {

    /** Runs kubectl with the user's stdout and stderr: a response body reaches the terminal as it arrives. */
    int passThrough(List<String> arguments) throws IOException, InterruptedException;

    /** Runs kubectl for its stdout; its stderr goes to the user's when {@code showErrors}, else nowhere. */
    Captured capture(List<String> arguments, boolean showErrors) throws IOException, InterruptedException;

    /** What a captured kubectl printed, and its exit status. */
    record Captured(int exitCode, String stdout) {}
}
