package dev.hpcenv.shim.run;

import dev.hpcenv.shim.bundle.ContainerIdentity;
import dev.hpcenv.shim.config.MountMode;
import dev.hpcenv.shim.config.SiteConfig;
import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.image.ContainerfileBuilder;
import dev.hpcenv.shim.image.ImageStore;
import dev.hpcenv.shim.image.ImageTools;
import dev.hpcenv.shim.image.RegistryCredentials;
import dev.hpcenv.shim.image.RegistryResolver;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.mount.Mounter;
import dev.hpcenv.shim.mount.ToolMounter;
import dev.hpcenv.shim.process.ProcessRunner;
import dev.hpcenv.shim.runtime.OciRuntime;
import dev.hpcenv.shim.runtime.PreservedFds;
import dev.hpcenv.shim.state.Janitor;
import dev.hpcenv.shim.state.OwnerId;
import dev.hpcenv.shim.state.RuntimeDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a command needs, built from the site configuration, the process environment and
 * the caller's identity. Collaborators are created on first use so that the warm path never
 * loads what it does not run.
 */
public final class ShimContext {
    public final SiteConfig config;
    public final ProcessRunner runner;
    public final Map<String, String> processEnv;
    public final Path workingDirectory;
    public final ContainerIdentity identity;
    public final OwnerId owner = OwnerId.current();
    public final RuntimeDirs dirs;
    public final Path scratch;
    public final String host;
    private ImageStore store;
    private PreservedFds preservedFds;

    public ShimContext(
            SiteConfig config,
            ProcessRunner runner,
            Map<String, String> processEnv,
            Path workingDirectory,
            ContainerIdentity identity,
            String host) {
        this.config = config;
        this.runner = runner;
        this.processEnv = processEnv;
        this.workingDirectory = workingDirectory;
        this.identity = identity;
        this.host = host;
        this.dirs = RuntimeDirs.forUser(config.runtimeDir(), identity.hostUid());
        this.scratch = config.tempDir().resolve("hpcenv-shim-" + identity.hostUid());
    }

    public boolean isRoot() {
        return !identity.rootless();
    }

    public Mounter mounter() {
        boolean kernel = config.mountMode() == MountMode.KERNEL || (config.mountMode() == MountMode.AUTO && isRoot());
        return new ToolMounter(
                runner, config.tools(), kernel, isRoot(), identity.mapping().ownIds());
    }

    public OciRuntime runtime() {
        return new OciRuntime(config.runtime(), dirs.runtimeState(), identity.mapping(), preservedFds());
    }

    /** The inherited descriptors (PMI_FD) the container gets; checked once, before anything is mounted. */
    public PreservedFds preservedFds() {
        if (preservedFds == null) {
            preservedFds = PreservedFds.plan(processEnv, config.preserveFdsEnv(), PreservedFds::isOpenInThisProcess);
        }
        return preservedFds;
    }

    /** Without descriptors: the janitor only deletes, and must not fail on a stale PMI_FD. */
    public Janitor janitor() {
        return new Janitor(
                dirs,
                scratch,
                new OciRuntime(config.runtime(), dirs.runtimeState(), identity.mapping(), PreservedFds.NONE),
                mounter(),
                runner);
    }

    public ImageTools imageTools() {
        return new ImageTools(config, runner, isRoot());
    }

    /**
     * The image store: EDF_IMAGESTORE (a directory, or {@code void} for a private store removed
     * at exit), then the site's image_store, then $SCRATCH/.edf_imagestore, then ~/.cache.
     */
    public ImageStore store() {
        if (store == null) {
            Path root = storeRoot();
            RegistryCredentials creds;
            Path credFile = config.credentials()
                    .orElse(Path.of(System.getProperty("user.home"), ".config/enroot/.credentials"));
            try {
                creds = RegistryCredentials.read(credFile);
            } catch (IOException e) {
                throw ShimException.usage(
                        "credentials file " + credFile + " is not readable: " + IoErrors.describe(e), null);
            }
            ImageTools tools = imageTools();
            try {
                Files.createDirectories(scratch);
            } catch (IOException e) {
                if (dev.hpcenv.shim.error.StorageFull.says(e)) {
                    throw dev.hpcenv.shim.error.StorageFull.error(
                            "preparing the pull", tools.scratchPlace(scratch), e.getMessage());
                }
                throw ShimException.usage(
                        "temp_dir " + config.tempDir() + " is not writable: " + IoErrors.describe(e), null);
            }
            store = new ImageStore(
                    root,
                    scratch,
                    tools,
                    new RegistryResolver(tools, runner, config.tagCacheSeconds()),
                    creds,
                    owner,
                    host);
        }
        return store;
    }

    /** Removes the store of an {@code EDF_IMAGESTORE=void} run. */
    public void removeEphemeralStore() throws IOException {
        if (store != null && store.root().getFileName().toString().startsWith("ephemeral-")) {
            dev.hpcenv.shim.state.TreeRemover.remove(store.root());
        }
    }

    private Path storeRoot() {
        String env = processEnv.get("EDF_IMAGESTORE");
        if (env != null && !env.isBlank()) {
            if (env.equals("void")) {
                return scratch.resolve("ephemeral-" + owner);
            }
            Path p = Path.of(env);
            if (Files.isDirectory(p) && Files.isWritable(p)) {
                return p;
            }
            ShimLog.warn(
                    "store.unusable",
                    "EDF_IMAGESTORE=" + env + " is not a writable directory; pulling without cache",
                    "path",
                    env);
            return scratch.resolve("ephemeral-" + owner);
        }
        if (config.imageStore().isPresent()) {
            return config.imageStore().get();
        }
        String scratchFs = processEnv.get("SCRATCH");
        if (scratchFs != null && !scratchFs.isBlank() && Files.isDirectory(Path.of(scratchFs))) {
            return Path.of(scratchFs, ".edf_imagestore");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "hpcenv", "images");
    }

    public ContainerfileBuilder containerfileBuilder() {
        return new ContainerfileBuilder(
                config, imageTools(), scratch, store().root().resolve("locks"), owner);
    }
}
