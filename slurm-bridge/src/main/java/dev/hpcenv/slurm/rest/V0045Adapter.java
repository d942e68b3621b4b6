package dev.hpcenv.slurm.rest;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.http.SlurmHttp;

/**
 * Slurm 26.05's v0.0.45 (SchedMD slurm-26-05-0-1, {@code src/plugins/data_parser/v0.0.45/parsers.c}): job
 * records add {@code container_type} and {@code memory_update_delay}/{@code _margin} (ignored); ping entries
 * lose {@code pinged} and {@code mode} and gain {@code status}, so liveness comes from {@code responding}
 * and the mode from {@code primary}, as {@link RestSlurmClient#toControllerPing} already reads them.
 */
public final class V0045Adapter extends V0044Adapter {

    public V0045Adapter(SlurmHttp http) {
        super(http, ApiVersion.V0_0_45);
    }
}
