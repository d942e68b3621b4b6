package dev.hpcenv.shim.hooks;

import dev.hpcenv.model.MountType;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.BundleExtension;
import dev.hpcenv.shim.bundle.ContainerIdentity;
import dev.hpcenv.shim.bundle.HookStage;
import dev.hpcenv.shim.bundle.OciHook;
import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies the site's hooks to a container: the annotation policy (a refused annotation stops the
 * run), then for each matching hooks.d file its OCI hook at its stages, its site settings
 * (binds, env, host libraries) and the shim's own preparation for the hooks it knows. All of it
 * lands in the draft before config.json is written; nothing runs yet.
 */
public final class HooksExtension implements BundleExtension {
    private final HookPlanner planner;
    private final Map<String, String> processEnv;
    private final ContainerIdentity identity;
    private final ProcessRunner runner;
    private final Path workDir;

    /**
     * @param workDir private directory for generated files (drop-ins, keys), inside the task
     *                directory so that cleanup removes it with the container
     */
    public HooksExtension(
            HookPlanner planner,
            Map<String, String> processEnv,
            ContainerIdentity identity,
            ProcessRunner runner,
            Path workDir) {
        this.planner = planner;
        this.processEnv = processEnv;
        this.identity = identity;
        this.runner = runner;
        this.workDir = workDir;
    }

    @Override
    public void apply(ResolvedEnvironment environment, BundleDraft draft) {
        boolean binds = environment.getMounts().stream().anyMatch(m -> m.getType() != MountType.SQUASHFS);
        HookPlan plan = planner.plan(
                environment.getAnnotations(),
                draft.args.isEmpty() ? "" : draft.args.get(0),
                binds,
                draft.env,
                processEnv);
        if (!plan.annotations().rejected().isEmpty()) {
            RejectedAnnotation r = plan.annotations().rejected().get(0);
            throw ShimException.environment(
                    "annotation " + r.annotation() + ": " + r.reason(),
                    "remove or correct it in the environment's [annotations]; hpcenv-shim hooks explains");
        }
        for (RejectedAnnotation i : plan.annotations().ignored()) {
            ShimLog.warn(
                    "annotation.ignored",
                    "annotation " + i.annotation() + ": " + i.reason(),
                    "annotation",
                    i.annotation(),
                    "reason",
                    i.reason());
        }
        // Hooks match the effective annotations, and see them in config.json too; the shim's own stay.
        Map<String, String> own = new LinkedHashMap<>();
        draft.annotations.forEach((k, v) -> {
            if (k.startsWith("org.hpcenv.")) {
                own.put(k, v);
            }
        });
        draft.annotations.clear();
        draft.annotations.putAll(plan.annotations().annotations());
        draft.annotations.putAll(own);
        if (plan.netstack() != null && plan.netstack().problem() != null) {
            throw ShimException.environment(
                    plan.netstack().problem(), plan.netstack().hint());
        }
        int timeout = planner.site().timeoutSeconds();
        try {
            if (!plan.active().isEmpty()) {
                Files.createDirectories(workDir);
            }
            for (ActiveHook hook : plan.active()) {
                HookInput in = new HookInput(
                        hook,
                        NetstackArtifact.settings(hook.name(), planner.site().settings(hook.name()), plan.netstack()),
                        plan.annotations().annotations(),
                        draft.rootfs,
                        workDir,
                        processEnv,
                        identity,
                        runner,
                        timeout,
                        plan.netstack());
                OciHook declared = hook.file().hook();
                OciHook oci = declared.timeout() != null
                        ? declared
                        : new OciHook(declared.path(), declared.args(), declared.env(), timeout);
                for (HookStage stage : hook.file().ociStages()) {
                    if (stage == HookStage.startContainer && oci.path().equals(LibraryReplacement.LDCONFIG)) {
                        // The image's ldconfig: it must be glibc's, and the root must stay writable for it.
                        LibraryReplacement.requireGlibc(in);
                        LibraryReplacement.addLdconfig(in, draft);
                    } else if (draft.hooks.getOrDefault(stage, java.util.List.of()).stream()
                            .noneMatch(
                                    h -> h.path().equals(oci.path()) && h.args().equals(oci.args()))) {
                        draft.addHook(stage, oci);
                    }
                }
                NetstackArtifact.bind(in, draft);
                SiteEdits.apply(in.settings(), draft);
                HostAccounts.add(in.settings().users(), draft);
                LibraryReplacement.apply(in, draft);
                HookPreparations.forName(hook.name()).prepare(in, draft);
                ShimLog.debug("hook.active", "hook", hook.name(), "matched", hook.matchedBy());
            }
        } catch (IOException e) {
            throw ShimException.environment("cannot prepare hooks in " + workDir + ": " + IoErrors.describe(e), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ShimException.environment("interrupted while preparing hooks", null);
        }
    }
}
