package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.config.HookSiteConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides, without running anything, which hooks apply to a container. */
public final class HookPlanner {
    private final HookSiteConfig site;
    private final List<HookFile> files;

    public HookPlanner(HookSiteConfig site, List<HookFile> files) {
        this.site = site;
        this.files = List.copyOf(files);
    }

    /** The site's hooks.d, checked (ownership, format, regexes); none when no directory is configured. */
    public static HookPlanner forSite(HookSiteConfig site, boolean checkOwnership) {
        List<HookFile> files =
                site.dir().map(d -> new HooksDirectory(checkOwnership).load(d)).orElse(List.of());
        return new HookPlanner(site, files);
    }

    public HookSiteConfig site() {
        return site;
    }

    /**
     * @param userAnnotations the environment's annotations as written
     * @param argv0           the command, for {@code when.commands}
     * @param containerEnv    the container's environment as composed so far (GPU requests)
     */
    public HookPlan plan(
            Map<String, String> userAnnotations,
            String argv0,
            boolean hasBindMounts,
            Map<String, String> containerEnv,
            Map<String, String> processEnv) {
        EffectiveAnnotations effective = new AnnotationPolicy(site).apply(userAnnotations);
        HookCondition.Subject subject = new HookCondition.Subject(effective.annotations(), argv0, hasBindMounts);
        List<ActiveHook> active = new ArrayList<>();
        for (HookFile f : files) {
            Optional<String> why = f.when().match(subject);
            if (why.isEmpty()) {
                continue;
            }
            Optional<String> skip = HookPreparations.forName(f.name()).skipReason(containerEnv, processEnv);
            if (skip.isEmpty()) {
                active.add(new ActiveHook(f.name(), f.stages(), why.get(), f));
            }
        }
        boolean network = active.stream().anyMatch(h -> NetstackSource.NETWORK_HOOKS.contains(h.name()));
        return new HookPlan(effective, active, network ? NetstackSource.choose(site, effective.annotations()) : null);
    }
}
