package dev.hpcenv.shim.bundle;

import java.util.List;

/** An OCI runtime hook (path, args, env, timeout in seconds or null). */
public record OciHook(String path, List<String> args, List<String> env, Integer timeout) {}
