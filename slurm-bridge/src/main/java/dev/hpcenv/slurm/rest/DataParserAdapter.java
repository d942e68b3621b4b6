package dev.hpcenv.slurm.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.Partition;
import dev.hpcenv.slurm.http.SlurmHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The versions served through Slurm's data_parser (v0.0.39 and later): the script inside
 * {@code job}, the environment as an array of {@code K=V} strings, nested partition records.
 */
abstract class DataParserAdapter extends RestSlurmClient {

    DataParserAdapter(SlurmHttp http, ApiVersion api) {
        super(http, api);
    }

    @Override
    protected ObjectNode submitBody(JobSubmission s) {
        ObjectNode body = JSON.objectNode();
        ObjectNode job = body.putObject("job");
        job.put("script", s.script());
        ArrayNode env = job.putArray("environment");
        s.environment().forEach((k, v) -> env.add(k + "=" + v));
        SubmitFields.common(job, s);
        if (s.gpus() != null && s.gpus() > 0) {
            job.put("tres_per_job", "gres/gpu:" + s.gpus());
        }
        if (s.requeue() != null) {
            // A BOOL16 from v0.0.39 on: false is sent, since leaving it out means the cluster's JobRequeue.
            job.put("requeue", s.requeue());
        }
        return body;
    }

    @Override
    protected Partition toPartition(JsonNode p) {
        List<String> states =
                new ArrayList<>(SlurmJsonValues.strings(p.path("partition").get("state")));
        Integer maxTime = SlurmJsonValues.count(p.path("maximums").get("time"));
        List<String> flags = new ArrayList<>(SlurmJsonValues.strings(p.get("flags")));
        flags.addAll(SlurmJsonValues.strings(p.path("partition").get("flags")));
        boolean isDefault =
                flags.stream().anyMatch(f -> f.toUpperCase(Locale.ROOT).equals("DEFAULT"));
        return new Partition(
                SlurmJsonValues.text(p, "name"),
                states.isEmpty() ? null : String.join(",", states),
                Hostlist.expand(SlurmJsonValues.text(p.path("nodes"), "configured")),
                SlurmJsonValues.count(p.path("cpus").get("total")),
                SlurmJsonValues.count(p.path("nodes").get("total")),
                maxTime,
                isDefault);
    }
}
