package dev.hpcenv.slurm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.slurm.JobInfo;
import java.time.Instant;

/** The JSON an admin sees for a job: stable field names, ISO-8601 times, null when unknown. */
final class JobJson {

    private JobJson() {}

    static ObjectNode of(JobInfo job) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("jobId", job.jobId());
        out.put("name", job.name());
        out.put("state", job.state().name());
        if (job.exit() == null) {
            out.putNull("exitCode");
            out.putNull("signal");
        } else {
            out.put("exitCode", job.exit().exitCode());
            out.put("signal", job.exit().signal());
        }
        ArrayNode nodes = out.putArray("nodes");
        job.nodes().forEach(nodes::add);
        out.put("submitTime", iso(job.submitTime()));
        out.put("startTime", iso(job.startTime()));
        out.put("endTime", iso(job.endTime()));
        out.put("comment", job.comment());
        out.put("rawState", job.rawState());
        out.put("stateReason", job.stateReason());
        out.put("user", job.user());
        out.put("partition", job.partition());
        out.put("restartCount", job.restartCount());
        return out;
    }

    private static String iso(Instant time) {
        return time == null ? null : time.toString();
    }
}
