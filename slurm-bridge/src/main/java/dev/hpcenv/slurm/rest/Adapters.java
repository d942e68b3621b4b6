package dev.hpcenv.slurm.rest;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.http.SlurmHttp;

/** The adapter for each API version. */
public final class Adapters {

    private Adapters() {}

    public static RestSlurmClient forVersion(ApiVersion version, SlurmHttp http) {
        return switch (version) {
            case V0_0_38 -> new V0038Adapter(http);
            case V0_0_39 -> new V0039Adapter(http);
            case V0_0_40 -> new V0040Adapter(http);
            case V0_0_41 -> new V0041Adapter(http);
            case V0_0_42 -> new V0042Adapter(http);
            case V0_0_43 -> new V0043Adapter(http);
            case V0_0_44 -> new V0044Adapter(http);
            case V0_0_45 -> new V0045Adapter(http);
        };
    }
}
