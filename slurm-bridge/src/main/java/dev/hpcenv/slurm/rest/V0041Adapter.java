package dev.hpcenv.slurm.rest;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.http.SlurmHttp;

/**
 * Slurm 24.05's v0.0.41: the top-level script is deprecated (the body already puts it in
 * {@code job.script}); otherwise read like v0.0.40.
 */
public final class V0041Adapter extends DataParserAdapter {

    public V0041Adapter(SlurmHttp http) {
        super(http, ApiVersion.V0_0_41);
    }
}
