package dev.hpcenv.kubectl;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A checked {@code kubectl hpcenv logs} command line: every value is valid for the log API
 * (docs/job-output.md, section 4). {@code kubectlFlags} are the user's kubectl global flags, each one
 * argument ({@code --name=value}), for every kubectl the plugin runs.
 */
record LogsRequest(
        String job,
        Optional<String> namespace,
        boolean follow,
        OptionalInt tailLines,
        OptionalInt sinceSeconds,
        OptionalInt task,
        Optional<String> node,
        boolean timestamps,
        boolean prefix,
        boolean raw,
        List<String> kubectlFlags) {

    LogsRequest {
        kubectlFlags = List.copyOf(kubectlFlags);
    }
}
