package dev.hpcenv.crd.common;

/**
 * Machine-readable condition reasons (CamelCase), grouped by the kind that sets them. Tools and
 * users match on these strings: renaming one is a breaking change (see crds/README.md).
 */
public final class ConditionReasons {

    /** HpcEnvironment and ClusterHpcEnvironment, conditions Ready and VariablesDefined. */
    public static final class Environment {
        public static final String RESOLVED = "Resolved";
        public static final String BASE_NOT_FOUND = "BaseNotFound";
        public static final String BASE_CYCLE = "BaseCycle";
        public static final String TOO_DEEP = "TooDeep";
        public static final String INVALID = "Invalid";
        // VariablesDefined
        public static final String ALL_DEFINED = "AllDefined";
        public static final String UNDEFINED_VARIABLES = "UndefinedVariables";

        private Environment() {}
    }

    /** HpcJob, conditions Accepted, EnvironmentReady, Submitted, Ready, Complete and Failed. */
    public static final class Job {
        // Accepted
        public static final String VALID = "Valid";
        public static final String INVALID = "Invalid";
        public static final String CLUSTER_NOT_FOUND = "ClusterNotFound";
        public static final String NAMESPACE_NOT_MAPPED = "NamespaceNotMapped";
        /** The namespace is mapped to root, uid 0 or a user the operator denies. */
        public static final String USER_DENIED = "UserDenied";
        /**
         * Submitted False: of the SlurmClusters that spec.clusterRef.names or .selector offers, none is Ready and
         * maps the namespace to a Slurm user; the job waits (docs/workflows.md, section 5).
         */
        public static final String NO_CLUSTER_READY = "NoClusterReady";
        /** Event only: the job was placed on one of the SlurmClusters spec.clusterRef offers (status.cluster). */
        public static final String PLACED = "Placed";
        /** Event only: the job was submitted with its cluster's site layer beneath its environment. */
        public static final String SITE_ENVIRONMENT = "SiteEnvironment";
        // EnvironmentReady (an inline environment also uses the Environment reasons)
        public static final String RESOLVED = "Resolved";
        public static final String ENVIRONMENT_NOT_FOUND = "EnvironmentNotFound";
        public static final String ENVIRONMENT_NOT_READY = "EnvironmentNotReady";
        // Submitted
        public static final String SUBMITTED = "Submitted";
        public static final String ADOPTED = "Adopted";
        public static final String WAITING = "Waiting";
        public static final String SUSPENDED = "Suspended";
        public static final String SUBMIT_FAILED = "SubmitFailed";
        public static final String CLUSTER_UNREACHABLE = "ClusterUnreachable";
        /** The Kubernetes API refused or failed a write or read of the operator's; retried. */
        public static final String API_ERROR = "ApiError";
        /** A defect of the operator met this HpcJob; logged once with its stack, retried slowly. */
        public static final String INTERNAL_ERROR = "InternalError";
        // Ready, Complete, Failed (one per phase)
        public static final String PENDING = "Pending";
        public static final String QUEUED = "Queued";
        /** Ready False: Slurm requeued the job (within spec.requeue) and it waits to run again. */
        public static final String REQUEUED = "Requeued";

        public static final String RUNNING = "Running";
        public static final String SUCCEEDED = "Succeeded";
        public static final String FAILED = "Failed";
        public static final String CANCELLED = "Cancelled";
        /**
         * Failed: a node of the job failed (Slurm's NODE_FAIL), or the job was requeued more often than
         * spec.requeue allows.
         */
        public static final String NODE_FAIL = "NodeFail";
        /** Failed: Slurm could not start the batch script (its JobLaunchFailure). */
        public static final String LAUNCH_FAILED = "LaunchFailed";
        /** Failed: a service's readiness check did not succeed in time, so the tasks never started. */
        public static final String SERVICE_NOT_READY = "ServiceNotReady";
        /** Failed: a required service ended while the tasks ran. */
        public static final String SERVICE_FAILED = "ServiceFailed";
        // ServicesHealthy
        /** ServicesHealthy True: every service reported runs, is ready or was stopped after the tasks. */
        public static final String SERVICES_RUNNING = "ServicesRunning";
        /** ServicesHealthy False: an optional service ended while the tasks ran; the job goes on. */
        public static final String SERVICE_EXITED = "ServiceExited";
        // Arrays and dependencies (docs/workflows.md, section 4)
        /** Accepted False: Slurm refused spec.array (beyond the site's MaxArraySize, or not its syntax). */
        public static final String ARRAY_REFUSED = "ArrayRefused";
        /** Submitted False: a dependency has no Slurm id yet, or runs on another SlurmCluster. */
        public static final String WAITING_FOR_DEPENDENCY = "WaitingForDependency";
        /** Submitted False: spec.dependsOn names an HpcJob that does not exist (yet); waited for. */
        public static final String DEPENDENCY_MISSING = "DependencyMissing";
        /** Accepted False: spec.dependsOn makes a cycle, named in the message. */
        public static final String DEPENDENCY_CYCLE = "DependencyCycle";
        /** Failed: a dependency ended in a way that cannot satisfy its condition. */
        public static final String DEPENDENCY_FAILED = "DependencyFailed";
        // Schedulable (False only; its reason is Slurm's own, e.g. PartitionNodeLimit)

        private Job() {}
    }

    /** SlurmCluster, conditions Reachable and Ready. */
    public static final class Cluster {
        public static final String CONNECTED = "Connected";
        public static final String UNREACHABLE = "Unreachable";
        public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
        public static final String SECRET_NOT_FOUND = "SecretNotFound";
        public static final String SECRET_FORBIDDEN = "SecretForbidden";
        public static final String UNSUPPORTED_API_VERSION = "UnsupportedApiVersion";
        /** The spec breaks a rule of the CRD that the API server did not enforce. */
        public static final String INVALID_SPEC = "InvalidSpec";
        /** A user mapping names root, uid 0 or a denied user; those namespaces' jobs are refused. */
        public static final String USER_MAPPING_DENIED = "UserMappingDenied";
        /** A defect of the operator met this cluster; logged once with its stack. */
        public static final String INTERNAL_ERROR = "InternalError";
        /** ApiVersionCurrent=True: the server's release does not deprecate the API version in use. */
        public static final String API_VERSION_SUPPORTED = "ApiVersionSupported";
        /** ApiVersionCurrent=False: the server's release deprecates the API version in use. */
        public static final String API_VERSION_DEPRECATED = "ApiVersionDeprecated";

        public static final String READY = "Ready";

        private Cluster() {}
    }

    private ConditionReasons() {}
}
