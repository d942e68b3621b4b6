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
 * @param arrayJobId   for an element of a job array, the array's job id (the id its submission returned); null
 *                     for a job that is no array's
 * @param arrayTaskId  the element's index; null for a job that is no array's and for the record that stands
 *                     for the array's elements not started yet (see {@code arrayTaskString})
 * @param arrayTaskString for that record, the indexes it stands for in Slurm's syntax (e.g. {@code 5-49%5}); null
 *                     otherwise
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
        Integer restartCount,
        Long arrayJobId,
        Long arrayTaskId,
        String arrayTaskString) {

    public JobInfo {
        nodes = List.copyOf(nodes);
    }

    /** The id that stands for the whole job: the array's for an array element, the job's own otherwise. */
    public long submittedId() {
        return arrayJobId != null ? arrayJobId : jobId;
    }

    /** True for the record of an array's elements not started yet (one record for many indexes). */
    public boolean isPendingArrayRecord() {
        return arrayJobId != null && arrayTaskId == null;
    }
}
