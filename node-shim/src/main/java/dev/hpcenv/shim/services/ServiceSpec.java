package dev.hpcenv.shim.services;

import java.util.List;
import java.util.Map;

/**
 * One service of HPCENV_SERVICES, as checked by {@link ServicesParser}.
 *
 * @param spec     the service's own resolved environment (JSON, the form of HPCENV_SPEC), or null
 *                 for the job's
 * @param ready    null without a readiness check
 * @param output   the file pattern of its stdout and stderr, relative to the working directory
 */
public record ServiceSpec(
        String name,
        List<String> argv,
        String spec,
        Map<String, String> env,
        Placement placement,
        ReadyCheck ready,
        boolean required,
        int graceSeconds,
        String output) {
    public ServiceSpec {
        argv = List.copyOf(argv);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    }
}
