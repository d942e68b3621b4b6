package dev.hpcenv.slurm.rest;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.http.SlurmHttp;

/**
 * Slurm 25.11's v0.0.44 (SchedMD slurm-25-11-0-1, {@code src/plugins/data_parser/v0.0.44/parsers.c}): the
 * fields this bridge reads are those of v0.0.43. Job records gain a {@code step_id} object and
 * {@code submit_line}, and {@code job_state} may carry the flag {@code EXPEDITING}; the lenient readers
 * ignore all three. DELETE still answers 200 with a per-job {@code status[]} (OPENAPI_KILL_JOB_RESP).
 */
public class V0044Adapter extends V0043Adapter {

    public V0044Adapter(SlurmHttp http) {
        this(http, ApiVersion.V0_0_44);
    }

    protected V0044Adapter(SlurmHttp http, ApiVersion api) {
        super(http, api);
    }
}
