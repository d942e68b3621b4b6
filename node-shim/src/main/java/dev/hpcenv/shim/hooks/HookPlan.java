package dev.hpcenv.shim.hooks;

import java.util.List;

/**
 * What the hooks will do to one container: the effective annotations, the hooks that apply, and,
 * when a network hook applies, where the network stack comes from (else null).
 */
public record HookPlan(EffectiveAnnotations annotations, List<ActiveHook> active, NetstackSource netstack) {
    public HookPlan {
        active = List.copyOf(active);
    }
}
