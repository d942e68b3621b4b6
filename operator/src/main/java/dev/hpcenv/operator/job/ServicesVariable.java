package dev.hpcenv.operator.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.crd.v1alpha1.JobService;
import dev.hpcenv.crd.v1alpha1.ServicePlacement;
import dev.hpcenv.crd.v1alpha1.ServiceReadiness;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.operator.environment.EnvironmentDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The value of {@code HPCENV_SERVICES}: the job's services as JSON that only hpcenv-shim reads
 * (docs/workflows.md, section 2). The batch shell only tests that the variable is non-empty, so
 * nothing of a service (argv, env, output pattern) is ever shell text.
 */
final class ServicesVariable {

    public static final String NAME = "HPCENV_SERVICES";
    /** Where a service's stdout and stderr go when its spec names no file. */
    static final String DEFAULT_OUTPUT = "hpcenv-%j-%x-%N.out";

    static final int DEFAULT_GRACE_SECONDS = 10;
    static final int DEFAULT_PERIOD_SECONDS = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServicesVariable() {}

    /**
     * @param environments the resolved environment of each service that names its own
     *     ({@code environmentRef}), by service name; a service not in it runs in the job's
     * @return empty for a job without services: the batch script then runs the tasks as before
     */
    static Optional<String> of(List<JobService> services, Map<String, ResolvedEnvironment> environments) {
        return of(services, environments, null);
    }

    /**
     * @param jobOutput the job's {@code spec.output}: when it is an absolute path whose directory has no
     *     Slurm pattern, the services' output goes to that directory (beside the job's own output, where
     *     the user looks), else to the batch step's working directory
     */
    static Optional<String> of(
            List<JobService> services, Map<String, ResolvedEnvironment> environments, String jobOutput) {
        if (services == null || services.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode root = JSON.createObjectNode();
        outputDirectory(jobOutput).ifPresent(dir -> root.put("outputDirectory", dir));
        ArrayNode list = root.putArray("services");
        for (JobService s : services) {
            ObjectNode o = list.addObject();
            o.put("name", s.getName());
            ArrayNode argv = o.putArray("argv");
            s.getCommand().forEach(argv::add);
            ResolvedEnvironment own = environments.get(s.getName());
            o.set("spec", own == null ? null : tree(EnvironmentDigest.json(own)));
            ObjectNode env = o.putObject("env");
            s.getEnv().forEach(env::put);
            o.put("placement", (s.getPlacement() == null ? ServicePlacement.EVERY_NODE : s.getPlacement()).wire());
            o.set("ready", s.getReady() == null ? null : ready(s.getReady()));
            o.put("required", Boolean.TRUE.equals(s.getRequired()));
            o.put(
                    "graceSeconds",
                    s.getTerminationGracePeriodSeconds() == null
                            ? DEFAULT_GRACE_SECONDS
                            : s.getTerminationGracePeriodSeconds());
            o.put("output", s.getOutput() == null || s.getOutput().isEmpty() ? DEFAULT_OUTPUT : s.getOutput());
        }
        try {
            return Optional.of(JSON.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the services could not be written as JSON", e);
        }
    }

    /** The directory of an absolute job output path without patterns or . and .. parts; else empty. */
    static Optional<String> outputDirectory(String jobOutput) {
        if (jobOutput == null || !jobOutput.startsWith("/")) {
            return Optional.empty();
        }
        String dir = jobOutput.substring(0, jobOutput.lastIndexOf('/'));
        if (dir.isEmpty()
                || dir.indexOf('%') >= 0
                || dir.indexOf('\\') >= 0
                || !java.nio.file.Path.of(dir).normalize().toString().equals(dir)) {
            return Optional.empty();
        }
        return Optional.of(dir);
    }

    private static ObjectNode ready(ServiceReadiness r) {
        ObjectNode o = JSON.createObjectNode();
        if (r.getCommand() == null) {
            o.putNull("command");
        } else {
            r.getCommand().forEach(o.putArray("command")::add);
        }
        if (r.getTcpPort() == null) {
            o.putNull("tcpPort");
        } else {
            o.put("tcpPort", r.getTcpPort());
        }
        if (r.getTimeoutSeconds() == null) {
            o.putNull("timeoutSeconds");
        } else {
            o.put("timeoutSeconds", r.getTimeoutSeconds());
        }
        o.put("periodSeconds", r.getPeriodSeconds() == null ? DEFAULT_PERIOD_SECONDS : r.getPeriodSeconds());
        return o;
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a resolved environment could not be read back", e);
        }
    }
}
