package dev.hpcenv.shim.hooks;

import java.util.List;

/** What the hooks will do to one container: the effective annotations and the hooks that apply. */
public record HookPlan(EffectiveAnnotations annotations, List<ActiveHook> active) {
    public HookPlan {
        active = List.copyOf(active);
    }
}
