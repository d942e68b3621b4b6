package dev.hpcenv.shim.image;

import dev.hpcenv.shim.config.SiteConfig;
import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.error.StorageFull;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.process.CommandResult;
import dev.hpcenv.shim.state.FileLock;
import dev.hpcenv.shim.state.OwnerId;
import dev.hpcenv.shim.state.TreeRemover;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds a Containerfile into a Squashfs file at the path the environment names (the paper's
 * "image is a path that does not exist yet, containerfile says how to make it"). buildah runs
 * with chroot isolation and vfs storage in a private temporary root, so nothing stays in the
 * user's container storage; the result is renamed into place only when complete.
 */
public final class ContainerfileBuilder {
    private final SiteConfig config;
    private final ImageTools tools;
    private final Path scratch;
    private final Path locks;
    private final OwnerId owner;

    public ContainerfileBuilder(SiteConfig config, ImageTools tools, Path scratch, Path locks, OwnerId owner) {
        this.config = config;
        this.tools = tools;
        this.scratch = scratch;
        this.locks = locks;
        this.owner = owner;
    }

    public List<String> budCommand(Path storage, Path containerfile, String tag) {
        List<String> cmd = new ArrayList<>(storageArgs(storage));
        cmd.addAll(List.of("bud", "--isolation", "chroot", "--layers=false", "--quiet"));
        if (!config.insecureRegistries().isEmpty()) {
            // FROM lines may name a site-internal registry without TLS (see insecure_registries).
            cmd.add("--tls-verify=false");
        }
        cmd.addAll(List.of(
                "-f",
                containerfile.toString(),
                "-t",
                tag,
                containerfile.getParent().toString()));
        return cmd;
    }

    public List<String> pushCommand(Path storage, String tag, Path layout) {
        List<String> cmd = new ArrayList<>(storageArgs(storage));
        cmd.addAll(List.of("push", "--quiet", tag, "oci:" + layout + ":img"));
        return cmd;
    }

    private List<String> storageArgs(Path storage) {
        return List.of(
                config.tools().buildah(),
                "--root",
                storage.resolve("root").toString(),
                "--runroot",
                storage.resolve("run").toString(),
                "--storage-driver",
                "vfs");
    }

    public SquashfsImage build(Path containerfile, Path output) throws InterruptedException {
        if (!Files.isReadable(containerfile)) {
            throw ShimException.environment(
                    "containerfile " + containerfile + " does not exist or is not readable",
                    "fix 'containerfile' in the environment");
        }
        Path parent = output.getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw ShimException.environment(
                    "cannot save the built image at " + output + ": directory " + parent
                            + " does not exist or is not writable",
                    "create the directory or change 'image'");
        }
        String lockName = "build-"
                + RegistryResolver.sha256Hex(output.toString().getBytes(StandardCharsets.UTF_8))
                        .substring(0, 24) + ".lock";
        try {
            Files.createDirectories(locks);
        } catch (IOException e) {
            throw ShimException.environment(
                    "cannot create " + locks + ": " + IoErrors.describe(e), "check that the image store is writable");
        }
        try (FileLock lock = FileLock.acquire(
                locks.resolve(lockName),
                () -> ShimLog.progress("build.wait", "waiting for another build of " + output, "image", output))) {
            if (Files.isRegularFile(output)) {
                return new SquashfsImage(output, readSidecar(output), null);
            }
            return buildLocked(containerfile, output);
        } catch (IOException e) {
            if (StorageFull.says(e)) {
                throw StorageFull.error(
                        "build of " + containerfile, ImageTools.storePlace(output.getParent()), e.getMessage());
            }
            throw ShimException.environment("build of " + containerfile + " failed: " + IoErrors.describe(e), null);
        }
    }

    private SquashfsImage buildLocked(Path containerfile, Path output) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Path work = Files.createDirectories(scratch).resolve("build-" + owner + "-" + UUID.randomUUID());
        Files.createDirectory(work);
        Path partial =
                output.resolveSibling("." + output.getFileName() + ".partial-" + owner + "-" + UUID.randomUUID());
        Path partialMeta = Path.of(partial + ".json");
        String tag = "localhost/hpcenv-build:" + UUID.randomUUID();
        try {
            ShimLog.progress(
                    "build.start", "building " + containerfile + " with buildah", "containerfile", containerfile);
            tools.runStep(
                    "buildah build of " + containerfile,
                    budCommand(work, containerfile, tag),
                    tools.scratchPlace(scratch));
            Path layout = work.resolve("oci");
            tools.runStep(
                    "buildah push of the built image", pushCommand(work, tag, layout), tools.scratchPlace(scratch));
            ImageConfig imageConfig = OciLayoutReader.read(layout);
            Path rootfs = work.resolve("rootfs");
            tools.runStep(
                    "unpacking of the built image", tools.unpackCommand(layout, rootfs), tools.scratchPlace(scratch));
            tools.runStep(
                    "mksquashfs of the built image",
                    tools.squashCommand(rootfs, partial),
                    ImageTools.storePlace(output.getParent()));
            new StoredImage(
                            containerfile.toString(),
                            null,
                            imageConfig,
                            Instant.now().toString(),
                            Files.size(partial))
                    .write(partialMeta);
            Files.move(
                    partialMeta, sidecar(output), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE);
            ShimLog.progress(
                    "build.done",
                    "built " + output + " in " + ShimLog.seconds(start) + " s",
                    "image",
                    output,
                    "seconds",
                    ShimLog.seconds(start));
            return new SquashfsImage(output, imageConfig, null);
        } finally {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(partialMeta);
            removeStorage(work);
            TreeRemover.remove(work);
        }
    }

    /**
     * Rootless buildah stores files of other container ids under the user's subordinate ids, which
     * the user can only remove from inside that namespace: {@code buildah unshare} gives it.
     */
    private void removeStorage(Path work) throws InterruptedException {
        if (tools.root() || !Files.isDirectory(work.resolve("root"))) {
            return;
        }
        CommandResult r = tools.run(List.of(
                config.tools().buildah(),
                "unshare",
                "--",
                "rm",
                "-rf",
                work.resolve("root").toString(),
                work.resolve("run").toString()));
        if (!r.ok()) {
            ShimLog.warn(
                    "build.cleanup",
                    "cannot remove buildah storage in " + work + ": " + r.lastErrorLine(),
                    "dir",
                    work);
        }
    }

    /** Image settings saved next to a Squashfs file ({@code FILE.json}), if any. */
    public static ImageConfig readSidecar(Path image) {
        Path s = sidecar(image);
        if (!Files.isRegularFile(s)) {
            return ImageConfig.EMPTY;
        }
        try {
            return StoredImage.read(s).config();
        } catch (IOException e) {
            return ImageConfig.EMPTY;
        }
    }

    static Path sidecar(Path image) {
        return image.resolveSibling(image.getFileName() + ".json");
    }
}
