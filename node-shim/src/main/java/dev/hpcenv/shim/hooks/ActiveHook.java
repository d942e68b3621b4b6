package dev.hpcenv.shim.hooks;

import java.util.List;

/** A hooks.d entry that applies to this container, and which condition made it apply. */
public record ActiveHook(String name, List<String> stages, String matchedBy, HookFile file) {}
