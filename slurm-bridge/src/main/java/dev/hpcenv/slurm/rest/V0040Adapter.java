package dev.hpcenv.slurm.rest;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.http.SlurmHttp;

/**
 * Slurm 23.11's v0.0.40: job states become arrays, exit codes verbose objects, times NO_VAL structs,
 * meta.slurm is lower case with string versions. Cancel looks the job up first (see
 * {@link RestSlurmClient#cancel(long)}).
 */
public final class V0040Adapter extends DataParserAdapter {

    public V0040Adapter(SlurmHttp http) {
        super(http, ApiVersion.V0_0_40);
    }
}
