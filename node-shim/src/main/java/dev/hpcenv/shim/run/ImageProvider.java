package dev.hpcenv.shim.run;

import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.image.ImageReference;
import dev.hpcenv.shim.image.SquashfsImage;
import dev.hpcenv.shim.log.ShimLog;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The environment's image as a Squashfs file: a registry image through the store, a Squashfs
 * path as it is, or a Containerfile build when the path does not exist and one is given.
 */
public final class ImageProvider {
    private final ShimContext ctx;

    public ImageProvider(ShimContext ctx) {
        this.ctx = ctx;
    }

    public SquashfsImage provide(ResolvedEnvironment env) throws InterruptedException {
        if (env.getImageRef() != null) {
            ImageReference ref = null;
            try {
                ref = ImageReference.of(env.getImageRef());
                return ctx.store().ensure(ref);
            } catch (ShimException e) {
                String image = ref != null ? ref.toString() : String.valueOf(env.getImage());
                ShimLog.sinkProgress(
                        "pull.failed",
                        "pull of " + image + " failed: " + e.oneLine(),
                        "image",
                        image,
                        "message",
                        e.oneLine());
                throw e;
            }
        }
        if (env.getSquashfsPath() != null) {
            Path p = Path.of(env.getSquashfsPath());
            if (Files.isRegularFile(p)) {
                if (!Files.isReadable(p)) {
                    throw ShimException.environment(
                            "image " + p + " is not readable by this user", "check its permissions");
                }
                return new SquashfsImage(p, dev.hpcenv.shim.image.ContainerfileBuilder.readSidecar(p), null);
            }
            if (env.getContainerfile() != null && !env.getContainerfile().isBlank()) {
                Path cf = ctx.workingDirectory.resolve(env.getContainerfile()).normalize();
                return ctx.containerfileBuilder().build(cf, p);
            }
            throw ShimException.environment(
                    "image " + p + " does not exist", "check the path, or set 'containerfile' to build it there");
        }
        throw ShimException.environment(
                "the environment names no image", "set 'image' to a registry reference or a Squashfs file");
    }
}
