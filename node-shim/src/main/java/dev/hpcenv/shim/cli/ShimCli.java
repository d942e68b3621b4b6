package dev.hpcenv.shim.cli;

import dev.hpcenv.shim.bundle.BundleExtension;
import dev.hpcenv.shim.bundle.ContainerIdentity;
import dev.hpcenv.shim.config.SiteConfig;
import dev.hpcenv.shim.config.SiteConfigCache;
import dev.hpcenv.shim.config.SiteConfigLoader;
import dev.hpcenv.shim.devices.DevicesExplain;
import dev.hpcenv.shim.error.ExitCode;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.hooks.HookPlanner;
import dev.hpcenv.shim.hooks.HooksExplain;
import dev.hpcenv.shim.hooks.HooksExtension;
import dev.hpcenv.shim.identity.UserMapping;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.logship.LogSettings;
import dev.hpcenv.shim.logship.LogShipping;
import dev.hpcenv.shim.logship.SenderId;
import dev.hpcenv.shim.process.SystemProcessRunner;
import dev.hpcenv.shim.run.RunCommand;
import dev.hpcenv.shim.run.RunRequest;
import dev.hpcenv.shim.run.ShimContext;
import dev.hpcenv.shim.run.StartGate;
import dev.hpcenv.shim.runtime.ClassArchiveTraining;
import dev.hpcenv.shim.runtime.SignalRelay;
import dev.hpcenv.shim.services.JobCommand;
import dev.hpcenv.shim.services.ReadinessGate;
import dev.hpcenv.shim.services.ServiceSupervisor;
import dev.hpcenv.shim.spec.LoginVariables;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Entry point of {@code hpcenv-shim}: dispatches, maps failures to one line and an exit status. */
public final class ShimCli {
    private ShimCli() {}

    private static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

    /**
     * A warm start runs about eight helpers (mounts, id maps, runtime, unmounts): vfork saves the
     * extra exec of jspawnhelper that the default posix_spawn mode makes for each. JDK 25 deprecates
     * vfork with a warning on stderr (which would land in every job's output) and JDK 26 removes it,
     * so only older JDKs get it.
     */
    static boolean prefersVfork(int jdkFeatureVersion) {
        return jdkFeatureVersion < 25;
    }

    public static void main(String[] argv) {
        // The shim's own lines are UTF-8 whatever the JVM's defaults (JDK 17 takes them from the locale).
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        if (System.getProperty(LAUNCH_MECHANISM) == null
                && prefersVfork(Runtime.version().feature())) {
            System.setProperty(LAUNCH_MECHANISM, "VFORK");
        }
        Map<String, String> jvmEnv = System.getenv();
        int code;
        try {
            LauncherLocale.requireUtf8(System.getProperty("sun.jnu.encoding"), jvmEnv, LauncherLocale.RawProcess.SELF);
            code = execute(Arrays.asList(argv), LauncherLocale.jobEnvironment(jvmEnv));
        } catch (ShimException e) {
            System.err.println(e.line());
            code = e.exitCode().code();
        }
        System.out.flush();
        System.exit(code);
    }

    static int execute(List<String> args, Map<String, String> env) {
        if (args.isEmpty()
                || args.get(0).equals("--help")
                || args.get(0).equals("-h")
                || args.get(0).equals("help")) {
            System.out.print(Usage.TEXT);
            return args.isEmpty() ? ExitCode.USAGE.code() : 0;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        SignalRelay relay = List.of("run", "pull", "job", "services").contains(command)
                ? SignalRelay.install()
                : SignalRelay.none();
        LogShipping shipping = LogShipping.NONE;
        int code;
        try {
            // The log variables are the shim's: nothing it starts (container, hooks, host runs) sees them.
            Optional<LogSettings> logs =
                    command.equals("run") || command.equals("services") ? LogSettings.from(env) : Optional.empty();
            Map<String, String> jobEnv = LogSettings.strip(env);
            if (command.equals("job")) {
                // The batch node's orchestrator only waits: no site configuration, no identity probe.
                return new JobCommand(env, relay, System.err).run(rest);
            }
            ShimLog.phase("main");
            ShimContext ctx = context(jobEnv);
            ShimLog.phase("config");
            if (logs.isPresent()) {
                // Before the pull: the shim's own error lines are part of what is shipped.
                shipping = startShipping(logs.get(), ctx, command.equals("services"));
                ShimLog.phase("log-started");
            }
            code = dispatch(command, rest, jobEnv, ctx, relay);
        } catch (RuntimeException | InterruptedException | IOException e) {
            code = failed(e, relay, env);
        }
        shipping.finish(code);
        return code;
    }

    private static int dispatch(
            String command, List<String> rest, Map<String, String> env, ShimContext ctx, SignalRelay relay)
            throws InterruptedException, IOException {
        return switch (command) {
            case "run" -> {
                RunRequest req = RunArguments.parse(rest, env);
                showProgress(req.progress(), ctx);
                ctx.preservedFds();
                explainFallback(ctx);
                StartGate services = ReadinessGate.forTask(env, ctx.host, ctx.dirs)::await;
                int code = new RunCommand(ctx, containerExtensions(ctx), relay, services).run(req);
                if (ClassArchiveTraining.isTraining(env)) {
                    ClassArchiveTraining.loadRarelyUsedClasses(
                            env, ctx.dirs.task(ctx.owner).getParent());
                }
                yield code;
            }
            case "services" -> new ServiceSupervisor(ctx, System.getenv(), relay).run(rest);
            case "hooks" -> {
                RunRequest req = RunArguments.parse(rest, env);
                yield new HooksExplain(ctx.config.hooks(), ctx.processEnv, ctx.workingDirectory, System.out)
                        .withDevices(new DevicesExplain(ctx.config, ctx.processEnv, ctx.workingDirectory))
                        .explain(req.source(), req.command(), req.env());
            }
            case "pull" -> {
                List<String> pullArgs = new java.util.ArrayList<>(rest);
                showProgress(pullArgs.remove("--progress"), ctx);
                yield new ImageCommands(ctx, System.out).pull(pullArgs);
            }
            case "images" -> new ImageCommands(ctx, System.out).images(rest);
            case "selftest" -> new Selftest(ctx, System.out).run();
            case "janitor" -> {
                // Internal: what a killed shim's watchdog runs (state/Watchdog).
                ctx.janitor().sweepAfter(dev.hpcenv.shim.state.Janitor.ownerArgument(rest));
                yield 0;
            }
            default -> throw ShimException.usage("unknown command '" + command + "'", "see hpcenv-shim --help");
        };
    }

    /** A failure as one line on stderr and the exit status it means (a signal's, when one ended the run). */
    private static int failed(Exception e, SignalRelay relay, Map<String, String> env) {
        if (e instanceof InterruptedException) {
            return ExitCode.forSignal(relay.received().orElse(15));
        }
        boolean expected = e instanceof ShimException || e instanceof IOException || e instanceof UncheckedIOException;
        if (expected && relay.received().isPresent()) {
            return ExitCode.forSignal(relay.received().getAsInt());
        }
        if (e instanceof ShimException s) {
            System.err.println(s.line());
            return s.exitCode().code();
        }
        if (expected) {
            System.err.println("hpcenv-shim: "
                    + (e instanceof IOException io ? dev.hpcenv.shim.error.IoErrors.describe(io) : e.getMessage()));
            return ExitCode.ENVIRONMENT.code();
        }
        // A bug, not a user mistake: one line that can be reported, never a stack trace.
        System.err.println(
                "hpcenv-shim: internal error: " + e + " (please report it; HPCENV_SHIM_LOG=debug adds detail)");
        if ("debug".equalsIgnoreCase(env.get("HPCENV_SHIM_LOG"))) {
            e.printStackTrace();
        }
        return ExitCode.USAGE.code();
    }

    /** @param supervisor the node's service supervisor: its events and end only (docs/workflows.md, section 3) */
    private static LogShipping startShipping(LogSettings settings, ShimContext ctx, boolean supervisor) {
        try {
            ctx.dirs.create();
        } catch (IOException e) {
            // The run reports the runtime directory itself; output is then not shipped.
            ShimLog.debug("log.private-dir", "error", dev.hpcenv.shim.error.IoErrors.describe(e));
            return LogShipping.NONE;
        }
        if (supervisor) {
            return LogShipping.startEvents(settings, SenderId.service(ctx.processEnv, ctx.host), ctx.dirs.root());
        }
        return LogShipping.start(settings, SenderId.of(ctx.processEnv, ctx.host), ctx.dirs.root());
    }

    /**
     * The site's hooks.d and annotation policy (loaded and checked at every run), then the
     * renumbered descriptor variables, which nothing may override: the runtime passes the
     * descriptors as 3, 4, ...
     */
    private static BundleExtension containerExtensions(ShimContext ctx) {
        BundleExtension hooks = new HooksExtension(
                HookPlanner.forSite(ctx.config.hooks(), true),
                ctx.processEnv,
                ctx.identity,
                ctx.runner,
                ctx.dirs.task(ctx.owner).resolve("hooks"));
        Map<String, String> fdEnv = ctx.preservedFds().containerEnv();
        return (environment, draft) -> {
            hooks.apply(environment, draft);
            draft.env.putAll(fdEnv);
        };
    }

    private static void showProgress(boolean flag, ShimContext ctx) {
        ShimLog.showProgress(
                ProgressSetting.onStderr(flag, ctx.processEnv, ctx.config.progress(), ShimLog.isInteractive()));
    }

    /** Rootless without the job's own ids in the container: one line saying why (each run, in batch logs too). */
    private static void explainFallback(ShimContext ctx) {
        UserMapping m = ctx.identity.mapping();
        if (m.mode() == UserMapping.Mode.ROOT_IS_USER) {
            ShimLog.info(
                    "identity.fallback",
                    "the job runs as container root (its own uid needs: " + m.fallback()
                            + "; see hpcenv-shim selftest)",
                    "reason",
                    m.fallback());
        }
    }

    /**
     * The job's environment becomes a login session's (login variables from the account, then the
     * site's variables, each where the job has none) before anything expands {@code ${VAR}}.
     */
    private static ShimContext context(Map<String, String> env) {
        ContainerIdentity identity = IdentityProbe.probe(env);
        Map<String, String> login = LoginVariables.complete(env, IdentityProbe.account(identity.hostUid()));
        SiteConfig config = new SiteConfigLoader(login, SiteConfigCache.forUser(identity.hostUid())).load();
        Map<String, String> session = LoginVariables.withSiteVariables(login, config.variables());
        return new ShimContext(
                config, new SystemProcessRunner(), session, Path.of("").toAbsolutePath(), identity, hostName(env));
    }

    private static String hostName(Map<String, String> env) {
        String h = env.get("SLURMD_NODENAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            // Not InetAddress.getLocalHost(): that may wait for DNS on every task start.
            return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname"))
                    .strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
