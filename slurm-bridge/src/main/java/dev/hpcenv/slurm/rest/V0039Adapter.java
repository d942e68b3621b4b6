package dev.hpcenv.slurm.rest;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.http.SlurmHttp;

/**
 * Slurm 23.02's v0.0.39: the first data_parser version. Job states are still single strings and
 * exit codes raw wait statuses (plain from 23.02.0 to .3, wrapped in a struct from 23.02.4); the
 * lenient readers cover both. Needs a reachable slurmdbd on the server (error 7000 otherwise), so
 * auto-detection tries it last.
 */
public final class V0039Adapter extends DataParserAdapter {

    public V0039Adapter(SlurmHttp http) {
        super(http, ApiVersion.V0_0_39);
    }
}
