package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hpcenv.crd.CrdPatterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Where slurmrestd is, how to authenticate, and which namespace runs as which Slurm user. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "url",
    "apiVersion",
    "auth",
    "userMappings",
    "defaults",
    "syncIntervalSeconds",
    "nodeVariables",
    "logs",
    "siteEnvironment"
})
public class SlurmClusterSpec {
    /** Bounds the cost of the CEL rule on each mapping's user in the API server's estimate. */
    public static final int MAX_USER_MAPPINGS = 512;
    /** A day: a cluster listed less often than daily would leave every job's status a day old. */
    public static final int MAX_SYNC_INTERVAL_SECONDS = 86_400;

    public static final int MAX_NODE_VARIABLES = 256;

    @Required
    @Pattern(CrdPatterns.HTTP_URL)
    @JsonPropertyDescription("Base URL of slurmrestd, e.g. https://slurmrestd.example.org:6820.")
    private String url;

    @Default("auto")
    @JsonPropertyDescription("slurmrestd OpenAPI version to use; auto (default) picks the newest the server offers "
            + "and the operator knows.")
    private SlurmApiVersion apiVersion = SlurmApiVersion.AUTO;

    @Required
    @JsonPropertyDescription("How the operator authenticates to slurmrestd.")
    private SlurmAuth auth;

    // A list map keyed by namespace (build.UniqueNamespaces): the API server refuses a namespace twice.
    @Size(max = MAX_USER_MAPPINGS)
    @JsonPropertyDescription("Namespace to Slurm user mapping. HpcJobs from a namespace without a mapping are not "
            + "submitted (condition Accepted=False, reason NamespaceNotMapped).")
    private List<UserMapping> userMappings = new ArrayList<>();

    @JsonPropertyDescription("Values for jobs that leave them unset.")
    private ClusterDefaults defaults;

    @Min(1)
    @Max(MAX_SYNC_INTERVAL_SECONDS)
    @Default("10")
    @JsonPropertyDescription("Seconds between two listings of the cluster's jobs (one listing serves every HpcJob); "
            + "1 to 86400 (a day).")
    private Integer syncIntervalSeconds = 10;

    @Size(max = MAX_NODE_VARIABLES)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyDescription(
            "Variables the site's hpcenv-shim defines on this cluster's nodes (its site configuration), "
                    + "e.g. [SCRATCH, PROJECT]. The operator only uses the names: an environment that uses a variable which "
                    + "neither the node's login variables (HOME, USER, LOGNAME, SHELL), Slurm, hpcenv nor any cluster's "
                    + "nodeVariables define gets the warning condition VariablesDefined=False.")
    private List<String> nodeVariables = new ArrayList<>();

    @JsonPropertyDescription("Where the nodes send the jobs' output and progress, so that kubectl hpcenv logs and "
            + "the HpcJob status show them; without it output stays in the Slurm output file only.")
    private LogEndpoint logs;

    @JsonPropertyDescription("A ClusterHpcEnvironment put beneath the environment of every job on this cluster, as its "
            + "first base (the site's communication layer: MPI, network stack, hooks); the job's own layers override "
            + "it by the EDF merge rules. A job waits while it is missing or not Ready (docs/workflows.md).")
    private SiteEnvironmentRef siteEnvironment;

    public SiteEnvironmentRef getSiteEnvironment() {
        return siteEnvironment;
    }

    public void setSiteEnvironment(SiteEnvironmentRef siteEnvironment) {
        this.siteEnvironment = siteEnvironment;
    }

    public LogEndpoint getLogs() {
        return logs;
    }

    public void setLogs(LogEndpoint logs) {
        this.logs = logs;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public SlurmApiVersion getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(SlurmApiVersion apiVersion) {
        this.apiVersion = apiVersion;
    }

    public SlurmAuth getAuth() {
        return auth;
    }

    public void setAuth(SlurmAuth auth) {
        this.auth = auth;
    }

    public List<UserMapping> getUserMappings() {
        return userMappings;
    }

    public void setUserMappings(List<UserMapping> userMappings) {
        this.userMappings = userMappings == null ? new ArrayList<>() : userMappings;
    }

    public ClusterDefaults getDefaults() {
        return defaults;
    }

    public void setDefaults(ClusterDefaults defaults) {
        this.defaults = defaults;
    }

    public Integer getSyncIntervalSeconds() {
        return syncIntervalSeconds;
    }

    public void setSyncIntervalSeconds(Integer syncIntervalSeconds) {
        this.syncIntervalSeconds = syncIntervalSeconds;
    }

    public List<String> getNodeVariables() {
        return nodeVariables;
    }

    public void setNodeVariables(List<String> nodeVariables) {
        this.nodeVariables = nodeVariables == null ? new ArrayList<>() : nodeVariables;
    }
}
