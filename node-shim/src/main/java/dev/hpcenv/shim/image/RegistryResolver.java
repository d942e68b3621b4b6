package dev.hpcenv.shim.image;

import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.json.LightJson;
import dev.hpcenv.shim.process.CommandResult;
import dev.hpcenv.shim.process.ProcessRunner;
import dev.hpcenv.shim.state.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Turns a tag into the digest of its manifest. Resolutions are cached in the store for a
 * site-chosen time so that a step's many tasks, and warm starts, do not each ask the registry.
 */
public final class RegistryResolver {
    private final ImageTools tools;
    private final ProcessRunner runner;
    private final long ttlSeconds;

    public RegistryResolver(ImageTools tools, ProcessRunner runner, long ttlSeconds) {
        this.tools = tools;
        this.runner = runner;
        this.ttlSeconds = ttlSeconds;
    }

    /**
     * The digest of the image a reference names: pinned, cached, or asked of the registry; {@code
     * partial} as in {@link #query}.
     */
    public String resolve(ImageReference ref, Path refsDir, Path partial, Path authFile) throws InterruptedException {
        Optional<String> known = known(ref, refsDir);
        return known.isPresent()
                ? known.get()
                : query(ref, refsDir, partial, authFile).digest();
    }

    /** The digest without asking the registry: pinned in the reference, or cached and not expired. */
    public Optional<String> known(ImageReference ref, Path refsDir) {
        if (ref.digest() != null) {
            return Optional.of(ref.digest());
        }
        return cached(ref, refsDir, true);
    }

    /** The digest this reference resolved to last time, however long ago: a hint, never an answer. */
    public Optional<String> previous(ImageReference ref, Path refsDir) {
        return cached(ref, refsDir, false);
    }

    private Optional<String> cached(ImageReference ref, Path refsDir, boolean fresh) {
        Path cache = cacheFile(ref, refsDir);
        if ((fresh && ttlSeconds <= 0) || !Files.isRegularFile(cache)) {
            return Optional.empty();
        }
        try {
            Object e = LightJson.parse(cache);
            String digest = LightJson.string(e, "digest");
            long age = Instant.now().getEpochSecond() - LightJson.number(e, "resolvedAtEpochSeconds");
            if (ref.toString().equals(LightJson.string(e, "reference"))
                    && (!fresh || age < ttlSeconds)
                    && digest != null
                    && digest.startsWith("sha256:")) {
                return Optional.of(digest);
            }
        } catch (IOException ignored) {
            // A damaged cache entry is only a cache miss.
        }
        return Optional.empty();
    }

    /**
     * Asks the registry for the tag's manifest; its digest is cached for the site's time. The cache
     * entry is written at {@code partial} and renamed into {@code refsDir} when complete: the caller
     * names that file where its sweep of dead processes' partial files finds it (the store's tmp/), so
     * an entry half-written by a killed process does not stay behind.
     */
    public Resolution query(ImageReference ref, Path refsDir, Path partial, Path authFile) throws InterruptedException {
        long now = Instant.now().getEpochSecond();
        // A JVM's first SHA-256 sets up the security providers (15-30 ms): that happens while skopeo
        // asks the registry, not after. Only here: a cached or pinned digest needs no hashing at all.
        Thread warmUp = new Thread(RegistryResolver::warmUpSha256, "sha256-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        CommandResult r = runner.run(tools.inspectRawCommand(ref, null, authFile));
        warmUp.join();
        if (!r.ok()) {
            throw describe(ref, r.lastErrorLine());
        }
        byte[] manifest = r.stdout().getBytes(StandardCharsets.UTF_8);
        String digest = "sha256:" + sha256Hex(manifest);
        if (ttlSeconds > 0) {
            Path tmp = null;
            try {
                Files.createDirectories(refsDir);
                tmp = Files.createFile(partial);
                try (var w = Files.newBufferedWriter(tmp);
                        var g = LightJson.factory().createGenerator(w)) {
                    g.writeStartObject();
                    g.writeStringField("reference", ref.toString());
                    g.writeStringField("digest", digest);
                    g.writeNumberField("resolvedAtEpochSeconds", now);
                    g.writeEndObject();
                }
                Files.move(
                        tmp,
                        cacheFile(ref, refsDir),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // Caching is an optimisation; a read-only or full store still works, without a half-written entry.
                deleteQuietly(tmp);
            }
        }
        return new Resolution(digest, manifest);
    }

    /** The raw manifest of one digest of the reference's repository (an index's platform entry). */
    public byte[] manifest(ImageReference ref, String digest, Path authFile) throws InterruptedException {
        CommandResult r = runner.run(tools.inspectRawCommand(ref, digest, authFile));
        if (!r.ok()) {
            throw describe(ref, r.lastErrorLine());
        }
        return r.stdout().getBytes(StandardCharsets.UTF_8);
    }

    private static Path cacheFile(ImageReference ref, Path refsDir) {
        return refsDir.resolve(Names.key(ref.toString()) + ".json");
    }

    /** A tag's digest and the manifest (or index) it is the digest of, exactly as the registry sent it. */
    public record Resolution(String digest, byte[] manifest) {}

    /** One line that says whether the registry, the name or the login is the problem. */
    static ShimException describe(ImageReference ref, String toolError) {
        String e = toolError.toLowerCase();
        if (e.contains("connection refused")
                || e.contains("no such host")
                || e.contains("i/o timeout")
                || e.contains("network is unreachable")
                || e.contains("server gave http response to https")) {
            return ShimException.environment(
                    "registry " + ref.registry() + " is unreachable for image " + ref + ": " + toolError,
                    "check the registry address, or list it in insecure_registries if it serves plain HTTP");
        }
        if (e.contains("manifest unknown") || e.contains("name unknown") || e.contains("not found")) {
            return ShimException.environment(
                    "image " + ref + " not found in registry " + ref.registry(), "check the repository and tag");
        }
        if (e.contains("unauthorized") || e.contains("authentication required") || e.contains("denied")) {
            return ShimException.environment(
                    "registry " + ref.registry() + " refused access to " + ref,
                    "add a 'machine " + ref.registry() + " login ... password ...' line to the credentials file");
        }
        return ShimException.environment("cannot resolve image " + ref + ": " + toolError, null);
    }

    private static void warmUpSha256() {
        sha256Hex(new byte[0]);
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the caller's sweep removes it once this process has gone
            }
        }
    }
}
