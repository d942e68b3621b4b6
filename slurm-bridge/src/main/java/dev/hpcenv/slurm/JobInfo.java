package dev.hpcenv.slurm;

import java.time.Instant;
import java.util.List;

/**
 * One job as slurmctld reports it, the same for every API version.
 *
 * @param rawState    the state text Slurm sent, flags joined with commas (e.g. {@code COMPLETED,COMPLETING})
 * @param exit        how the job ended; null while it has not ended
 * @param nodes       the allocated nodes, expanded from Slurm's host list ({@code cn[1-3]}); empty when none
 * @param submitTime  null when Slurm has not set it; likewise for start and end
 * @param endTime     for a running job Slurm reports the expected end (start plus time limit)
 * @param timeLimitMinutes null when unlimited or unset
 */
public record JobInfo(
        long jobId,
        String name,
        JobState state,
        String rawState,
        String stateReason,
        ExitStatus exit,
        List<String> nodes,
        String user,
        String partition,
        String comment,
        String workdir,
        String standardOutput,
        Instant submitTime,
        Instant startTime,
        Instant endTime,
        Integer timeLimitMinutes) {

    public JobInfo {
        nodes = List.copyOf(nodes);
    }
}
