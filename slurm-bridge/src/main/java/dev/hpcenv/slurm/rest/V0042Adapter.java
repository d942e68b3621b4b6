package dev.hpcenv.slurm.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.SlurmError;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmException.Kind;
import dev.hpcenv.slurm.http.ErrorResponses;
import dev.hpcenv.slurm.http.RestResponse;
import dev.hpcenv.slurm.http.SlurmHttp;
import java.util.List;
import java.util.Map;

/**
 * Slurm 24.11's v0.0.42: DELETE goes through slurm_kill_jobs and answers 200 with a per-job
 * {@code status[]} whose {@code error.code} says what happened (0 done, 2017 unknown, 2021 already
 * finished); auth failures are 511; ping adds {@code responding}.
 */
public class V0042Adapter extends DataParserAdapter {

    public V0042Adapter(SlurmHttp http) {
        this(http, ApiVersion.V0_0_42);
    }

    protected V0042Adapter(SlurmHttp http, ApiVersion api) {
        super(http, api);
    }

    @Override
    public CancelOutcome cancel(long jobId) {
        String operation = "cancel job " + jobId;
        RestResponse response = http.delete(operation, path("job/" + jobId), Map.of());
        remember(response);
        if (ErrorResponses.isUnknownJob(response)) {
            return CancelOutcome.NOT_FOUND;
        }
        requireOk(operation, response);
        for (JsonNode item : response.json().path("status")) {
            JsonNode error = item.path("error");
            int code = error.path("code").asInt(0);
            switch (code) {
                case 0 -> {}
                case ErrorResponses.INVALID_JOB_ID -> {
                    return CancelOutcome.NOT_FOUND;
                }
                case ErrorResponses.ALREADY_DONE -> {
                    return CancelOutcome.ALREADY_FINISHED;
                }
                default -> {
                    String message =
                            error.path("message").asText(error.path("string").asText(""));
                    throw new SlurmException(
                            Kind.REJECTED,
                            operation + " failed: " + message + " (Slurm error " + code + ")",
                            200,
                            List.of(new SlurmError(code, error.path("string").asText(null), message, "status")),
                            false,
                            null);
                }
            }
        }
        return CancelOutcome.CANCELLED;
    }
}
