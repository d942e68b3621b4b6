package dev.hpcenv.bench.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cancels the benchmark's direct submissions with {@code scancel} (root, SLURM_CONF of the
 * benchmark's own Slurm): one process per few hundred jobs instead of one REST call per job, so the
 * cancelling does not disturb the next phase. Job ids are numbers, never user text.
 */
final class SlurmCancel {

    private static final int CHUNK = 500;

    private SlurmCancel() {}

    static void cancel(List<Long> jobIds) throws IOException, InterruptedException {
        for (int from = 0; from < jobIds.size(); from += CHUNK) {
            List<String> command = new ArrayList<>(List.of("scancel"));
            jobIds.subList(from, Math.min(jobIds.size(), from + CHUNK)).forEach(id -> command.add(Long.toString(id)));
            Process scancel =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(scancel.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!scancel.waitFor(120, TimeUnit.SECONDS) || scancel.exitValue() != 0) {
                throw new IllegalStateException("scancel failed: " + out.strip());
            }
        }
    }
}
