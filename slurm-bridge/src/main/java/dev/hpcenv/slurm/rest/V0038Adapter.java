package dev.hpcenv.slurm.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.Partition;
import dev.hpcenv.slurm.http.SlurmHttp;
import java.util.Locale;

/**
 * Slurm 22.05's hand-written v0.0.38 plugin: the script at the top level, the environment as an
 * object, unknown keys fatal (so only known keys are sent), every error as HTTP 500, raw wait
 * statuses, integer times, a flat partition record.
 */
public final class V0038Adapter extends RestSlurmClient {

    public V0038Adapter(SlurmHttp http) {
        super(http, ApiVersion.V0_0_38);
    }

    @Override
    protected ObjectNode submitBody(JobSubmission s) {
        ObjectNode body = JSON.objectNode();
        body.put("script", s.script());
        ObjectNode job = body.putObject("job");
        ObjectNode env = job.putObject("environment");
        s.environment().forEach(env::put);
        SubmitFields.common(job, s);
        if (s.gpus() != null) {
            job.put("gpus", Integer.toString(s.gpus()));
        }
        // 22.05 reads these as sbatch's flags: "requeue" sets requeue whatever its value (false too), and
        // only the "no_requeue" key (accepted, though not in its OpenAPI document) clears it.
        if (s.requeue() != null) {
            job.put(s.requeue() ? "requeue" : "no_requeue", true);
        }
        return body;
    }

    @Override
    protected Partition toPartition(JsonNode p) {
        Integer maxTime = SlurmJsonValues.count(p.get("max_time_limit"));
        boolean isDefault = SlurmJsonValues.strings(p.get("flags")).stream()
                .anyMatch(f -> f.toLowerCase(Locale.ROOT).equals("default"));
        return new Partition(
                SlurmJsonValues.text(p, "name"),
                SlurmJsonValues.text(p, "state"),
                Hostlist.expand(SlurmJsonValues.text(p, "nodes")),
                SlurmJsonValues.count(p.get("total_cpus")),
                SlurmJsonValues.count(p.get("total_nodes")),
                maxTime,
                isDefault);
    }
}
