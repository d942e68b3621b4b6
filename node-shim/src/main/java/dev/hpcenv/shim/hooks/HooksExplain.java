package dev.hpcenv.shim.hooks;

import dev.hpcenv.model.MountType;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.shim.config.HookSiteConfig;
import dev.hpcenv.shim.devices.DevicesExplain;
import dev.hpcenv.shim.spec.EnvironmentSource;
import dev.hpcenv.shim.spec.SpecLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hpcenv-shim hooks}: what the hooks would do for an environment, without pulling,
 * mounting or running anything. The container environment it checks GPU requests against is the
 * job's plus the environment's {@code env} (the image's is not known without the image).
 */
public final class HooksExplain {
    private final HookSiteConfig site;
    private final Map<String, String> processEnv;
    private final Path workingDirectory;
    private final PrintStream out;
    private DevicesExplain devices;

    public HooksExplain(HookSiteConfig site, Map<String, String> processEnv, Path workingDirectory, PrintStream out) {
        this.site = site;
        this.processEnv = processEnv;
        this.workingDirectory = workingDirectory;
        this.out = out;
    }

    /** Adds what the environment's {@code devices} resolve to (a {@code devices} member). */
    public HooksExplain withDevices(DevicesExplain devices) {
        this.devices = devices;
        return this;
    }

    /** Exit status 0; a refused annotation is part of the answer, not an error. */
    public int explain(EnvironmentSource source, List<String> command, Map<String, String> extraEnv) {
        ResolvedEnvironment env = new SpecLoader(processEnv, workingDirectory).load(source);
        Map<String, String> containerEnv = new LinkedHashMap<>(processEnv);
        containerEnv.putAll(env.getEnv());
        env.getUnsetEnv().forEach(containerEnv::remove);
        containerEnv.putAll(extraEnv);
        boolean binds = env.getMounts().stream().anyMatch(m -> m.getType() != MountType.SQUASHFS);
        HookPlan plan = HookPlanner.forSite(site, true)
                .plan(env.getAnnotations(), command.isEmpty() ? "" : command.get(0), binds, containerEnv, processEnv);
        String answer = HookPlanJson.write(plan);
        out.print(devices == null ? answer : devices.addTo(answer, source));
        return 0;
    }
}
