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
 * @param restartCount how many times Slurm has requeued the job ({@code restart_cnt}, 0 for a job never
 *                     requeued); null when the record has no such field or holds a sentinel
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
        Integer timeLimitMinutes,
        Integer restartCount) {

    public JobInfo {
        nodes = List.copyOf(nodes);
    }

    /** A job whose restart count is not known. */
    public JobInfo(
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
        this(
                jobId,
                name,
                state,
                rawState,
                stateReason,
                exit,
                nodes,
                user,
                partition,
                comment,
                workdir,
                standardOutput,
                submitTime,
                startTime,
                endTime,
                timeLimitMinutes,
                null);
    }
}
