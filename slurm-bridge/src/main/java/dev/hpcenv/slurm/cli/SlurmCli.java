package dev.hpcenv.slurm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.ControllerPing;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.PingResult;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClientConfig;
import dev.hpcenv.slurm.SlurmClients;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.auth.SlurmCredentials;
import dev.hpcenv.slurm.http.HttpSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code hpcenv-slurm}: talk to slurmrestd the way the operator does, to debug a site's setup.
 * Errors are one line on stderr with a distinct exit code; no stack traces.
 */
@Command(
        name = "hpcenv-slurm",
        mixinStandardHelpOptions = true,
        version = "hpcenv-slurm 0.1.0",
        description = "Talk to slurmrestd the way the hpcenv operator does (for admins debugging a site).",
        footer = ExitCodes.HELP,
        subcommands = {
            SlurmCli.Ping.class,
            SlurmCli.Submit.class,
            SlurmCli.Status.class,
            SlurmCli.ListJobs.class,
            SlurmCli.Cancel.class
        })
public final class SlurmCli {

    @Spec
    CommandLine.Model.CommandSpec spec;

    // Checked when a command runs rather than by picocli, so that `hpcenv-slurm submit --help` works alone.
    @Option(names = "--url", paramLabel = "URL", description = "slurmrestd, e.g. http://127.0.0.1:6820 (required)")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "Slurm user to act as (required)")
    String user;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Auth auth;

    static final class Auth {
        @Option(
                names = "--jwt-key",
                paramLabel = "FILE",
                description = "site HS256 key (jwt_hs256.key); tokens are minted for USER")
        Path jwtKey;

        @Option(
                names = "--token-env",
                paramLabel = "VAR",
                description = "environment variable holding a token (e.g. SLURM_JWT)")
        String tokenEnv;
    }

    @Option(
            names = "--api",
            defaultValue = "auto",
            paramLabel = "VERSION",
            description = "auto (default) or one of v0.0.38 ... v0.0.45")
    String api;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS", description = "per request (default 30)")
    int timeoutSeconds;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void main(String[] args) {
        // The bridge reports skipped records through System.Logger (java.util.logging here): one line each.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "hpcenv-slurm: warning: %5$s%n");
        }
        System.exit(run(
                args,
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs one command line; returns the exit code (tests call this in-process). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SlurmCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("hpcenv-slurm: " + oneLine(e.getMessage()) + " (see hpcenv-slurm --help)");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof SlurmException slurm) {
                err.println("hpcenv-slurm: " + oneLine(slurm.getMessage()));
                return ExitCodes.of(slurm);
            }
            if (e instanceof IllegalArgumentException) {
                err.println("hpcenv-slurm: " + oneLine(e.getMessage()));
                return ExitCodes.USAGE;
            }
            err.println("hpcenv-slurm: unexpected " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage())
                    + " (a bug in hpcenv-slurm: please report it with the command line, without credentials)");
            return ExitCodes.FAILED;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Messages may quote server text or user input: one line, no control characters, whatever they hold. */
    static String oneLine(String message) {
        return message == null
                ? "(no message)"
                : message.replaceAll("\\p{Cntrl}+", " ").strip();
    }

    /** Slurm job ids are uint32; NO_VAL (4294967294) and INFINITE are no ids. */
    static long checkJobId(long id) {
        if (id < 1 || id > 4294967293L) {
            throw new IllegalArgumentException("job id " + id + " is not a Slurm job id (1 to 4294967293);"
                    + " for an array task give the task's own job id (squeue -r -o %A)");
        }
        return id;
    }

    /** Connects, runs {@code action}, closes. */
    <T> T withClient(Function<SlurmClient, T> action) {
        if (url == null) {
            throw new IllegalArgumentException(
                    "--url is required, e.g. --url http://127.0.0.1:6820 (see hpcenv-slurm --help)");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException(
                    "--user is required: the Slurm user to act as (see hpcenv-slurm --help)");
        }
        if (auth == null) {
            throw new IllegalArgumentException(
                    "credentials are required: --jwt-key FILE or --token-env VAR" + " (see hpcenv-slurm --help)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url '" + url + "' is not a URL; expected e.g. http://127.0.0.1:6820");
        }
        SlurmCredentials credentials;
        if (auth.jwtKey != null) {
            credentials = SlurmCredentials.jwtKeyFile(auth.jwtKey, Duration.ofMinutes(10));
        } else {
            String token = System.getenv(auth.tokenEnv);
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("--token-env " + auth.tokenEnv + ": that environment variable is"
                        + " not set or empty (e.g. export $(scontrol token))");
            }
            credentials = SlurmCredentials.token(token);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second");
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        HttpSettings http = HttpSettings.DEFAULT
                .withRequestTimeout(timeout)
                .withConnectTimeout(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5));
        SlurmClientConfig config = SlurmClientConfig.of(uri, user, credentials)
                .withApi(ApiVersion.parseChoice(api))
                .withHttp(http);
        try (SlurmClient client = SlurmClients.connect(config)) {
            return action.apply(client);
        }
    }

    void printJson(Object node) {
        try {
            spec.commandLine().getOut().println(json.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Command(
            name = "ping",
            mixinStandardHelpOptions = true,
            description = "Reachability, Slurm release, the API version in use and the versions offered.")
    static final class Ping implements Callable<Integer> {
        @ParentCommand
        SlurmCli parent;

        @Override
        public Integer call() {
            PingResult ping = parent.withClient(SlurmClient::ping);
            PrintWriter out = parent.spec.commandLine().getOut();
            out.println("slurmrestd " + parent.url + ": "
                    + (ping.reachable() ? "reachable" : "slurmctld not responding")
                    + ", Slurm " + Optional.ofNullable(ping.slurmRelease()).orElse("(release not reported)")
                    + ", API " + ping.apiVersion()
                    + (ping.apiPath().equals(ping.apiVersion().pathSegment())
                            ? ""
                            : " (reading " + ping.apiPath() + ", newer than this client knows)"));
            out.println("  API versions offered: "
                    + (ping.offeredVersions().isEmpty()
                            ? "not asked (--api names the version; use --api auto to list them)"
                            : String.join(", ", ping.offeredVersions())));
            if (ping.readiness() != PingResult.Readiness.NOT_SERVED) {
                out.println("  slurmrestd /readyz: "
                        + (ping.readiness() == PingResult.Readiness.READY ? "ready" : "not ready"));
            }
            ping.deprecation()
                    .ifPresent(
                            reason -> parent.spec.commandLine().getErr().println("hpcenv-slurm: warning: " + reason));
            for (ControllerPing controller : ping.controllers()) {
                out.println("  slurmctld " + controller.hostname() + " ("
                        + Optional.ofNullable(controller.mode()).orElse("?") + "): "
                        + (controller.responding() ? "UP" : "DOWN"));
            }
            return ping.reachable() ? ExitCodes.OK : ExitCodes.UNREACHABLE;
        }
    }

    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description = "Submit a batch job; prints only the job id.")
    static final class Submit implements Callable<Integer> {
        @ParentCommand
        SlurmCli parent;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--wrap", paramLabel = "CMD", description = "command line run by /bin/sh")
            String wrap;

            @Option(
                    names = "--script",
                    paramLabel = "FILE",
                    description = "batch script file (#SBATCH lines are ignored by slurmrestd)")
            Path script;
        }

        @Option(names = "--name")
        String name;

        @Option(names = "--comment")
        String comment;

        @Option(
                names = "--env",
                paramLabel = "K=V",
                description = "job environment; repeatable (PATH defaults to /usr/local/bin:/usr/bin:/bin)")
        List<String> env = List.of();

        @Option(
                names = "--workdir",
                paramLabel = "DIR",
                description = "working directory on the node (default: the current one)")
        String workdir;

        @Option(names = "--output", paramLabel = "PATH")
        String output;

        @Option(names = "--error", paramLabel = "PATH")
        String error;

        @Option(names = "--partition")
        String partition;

        @Option(names = "--account")
        String account;

        @Option(names = "--qos")
        String qos;

        @Option(names = "--nodes")
        Integer nodes;

        @Option(names = "--ntasks")
        Integer ntasks;

        @Option(names = "--cpus-per-task")
        Integer cpusPerTask;

        @Option(names = "--mem", paramLabel = "MB", description = "memory per node in MB")
        Long memory;

        @Option(names = "--time", paramLabel = "MINUTES")
        Integer minutes;

        @Option(names = "--hold", description = "submit held")
        boolean hold;

        @Option(
                names = "--requeue",
                negatable = true,
                description = "whether Slurm may requeue the job after a node failure (--no-requeue: never);"
                        + " the cluster's JobRequeue when neither is given")
        Boolean requeue;

        @Override
        public Integer call() {
            JobSubmission submission = submission();
            long id = parent.withClient(client -> client.submit(submission));
            parent.spec.commandLine().getOut().println(id);
            return ExitCodes.OK;
        }

        /** slurmrestd ignores #SBATCH lines; say so rather than let an admin wonder why --time did not apply. */
        private void warnAboutSbatchDirectives(String script) {
            String[] lines = script.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].startsWith("#SBATCH")) {
                    parent.spec
                            .commandLine()
                            .getErr()
                            .println("hpcenv-slurm: warning: " + source.script + ", line " + (i + 1)
                                    + ": #SBATCH directives are ignored by slurmrestd; use the submit options instead");
                    return;
                }
            }
        }

        JobSubmission submission() {
            String script;
            if (source.wrap != null) {
                script = "#!/bin/sh\n" + source.wrap + "\n";
            } else {
                try {
                    script = Files.readString(source.script);
                } catch (NoSuchFileException e) {
                    throw new IllegalArgumentException("--script " + source.script + ": no such file");
                } catch (IOException e) {
                    throw new IllegalArgumentException("--script " + source.script + ": cannot read it ("
                            + e.getClass().getSimpleName() + ")");
                }
                if (!script.startsWith("#!")) {
                    throw new IllegalArgumentException(
                            "--script " + source.script + ", line 1: must start with #!" + " (e.g. #!/bin/sh)");
                }
                warnAboutSbatchDirectives(script);
            }
            Map<String, String> environment = new LinkedHashMap<>();
            for (String pair : env) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--env '" + pair + "': expected NAME=VALUE");
                }
                environment.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            environment.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
            if (minutes != null && minutes < 1) {
                throw new IllegalArgumentException("--time must be at least 1 minute");
            }
            String dir =
                    workdir != null ? workdir : Path.of("").toAbsolutePath().toString();
            return JobSubmission.builder(script)
                    .name(name)
                    .comment(comment)
                    .environment(environment)
                    .workdir(dir)
                    .standardOutput(output)
                    .standardError(error)
                    .partition(partition)
                    .account(account)
                    .qos(qos)
                    .nodes(nodes)
                    .ntasks(ntasks)
                    .cpusPerTask(cpusPerTask)
                    .memoryMb(memory)
                    .timeLimit(minutes == null ? null : Duration.ofMinutes(minutes))
                    .hold(hold)
                    .requeue(requeue)
                    .build();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "One job as JSON.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        SlurmCli parent;

        @Parameters(paramLabel = "ID")
        long jobId;

        @Override
        public Integer call() {
            checkJobId(jobId);
            Optional<JobInfo> job = parent.withClient(client -> client.getJob(jobId));
            if (job.isEmpty()) {
                parent.spec
                        .commandLine()
                        .getErr()
                        .println("hpcenv-slurm: job " + jobId + " is unknown to slurmctld"
                                + " (never submitted, or finished longer than MinJobAge ago and purged)");
                return ExitCodes.NOT_FOUND;
            }
            parent.printJson(JobJson.of(job.get()));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Jobs slurmctld still holds, as a JSON array.")
    static final class ListJobs implements Callable<Integer> {
        @ParentCommand
        SlurmCli parent;

        @Option(names = "--comment-prefix", paramLabel = "P", description = "only jobs whose comment starts with P")
        String commentPrefix;

        @Override
        public Integer call() {
            List<JobInfo> jobs = parent.withClient(client -> client.listJobs(Optional.empty()));
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            jobs.stream()
                    .filter(j -> commentPrefix == null
                            || (j.comment() != null && j.comment().startsWith(commentPrefix)))
                    .sorted(Comparator.comparingLong(JobInfo::jobId))
                    .forEach(j -> out.add(JobJson.of(j)));
            parent.printJson(out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a pending or running job.")
    static final class Cancel implements Callable<Integer> {
        @ParentCommand
        SlurmCli parent;

        @Parameters(paramLabel = "ID")
        long jobId;

        @Override
        public Integer call() {
            checkJobId(jobId);
            CancelOutcome outcome = parent.withClient(client -> client.cancel(jobId));
            switch (outcome) {
                case CANCELLED -> parent.spec.commandLine().getOut().println("job " + jobId + " cancelled");
                case ALREADY_FINISHED ->
                    parent.spec.commandLine().getOut().println("job " + jobId + " had already finished");
                case NOT_FOUND -> {
                    parent.spec
                            .commandLine()
                            .getErr()
                            .println("hpcenv-slurm: job " + jobId + " is unknown to slurmctld");
                    return ExitCodes.NOT_FOUND;
                }
            }
            return ExitCodes.OK;
        }
    }
}
