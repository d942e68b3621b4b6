package dev.hpcenv.slurm.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.http.SlurmHttp;

/**
 * Slurm 25.05's v0.0.43: like v0.0.42, but {@code standard_output} is the raw pattern and the
 * expanded path moved to {@code stdout_expanded}.
 */
public class V0043Adapter extends V0042Adapter {

    public V0043Adapter(SlurmHttp http) {
        this(http, ApiVersion.V0_0_43);
    }

    protected V0043Adapter(SlurmHttp http, ApiVersion api) {
        super(http, api);
    }

    @Override
    protected String standardOutput(JsonNode job) {
        String expanded = SlurmJsonValues.text(job, "stdout_expanded");
        return expanded != null ? expanded : SlurmJsonValues.text(job, "standard_output");
    }
}
