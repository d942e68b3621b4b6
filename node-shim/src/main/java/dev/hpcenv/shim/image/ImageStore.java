package dev.hpcenv.shim.image;

import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.error.StorageFull;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.state.FileLock;
import dev.hpcenv.shim.state.Names;
import dev.hpcenv.shim.state.OwnerId;
import dev.hpcenv.shim.state.TreeRemover;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A digest-keyed store of Squashfs images.
 *
 * <pre>
 * STORE/images/ARCH/sha256-HEX.sqsh   the image (its presence is the commit marker)
 * STORE/images/ARCH/sha256-HEX.json   sidecar: reference, digest, image config
 * STORE/refs/KEY.json            tag -> digest cache
 * STORE/locks/sha256-HEX.lock    one importer per digest, across nodes
 * STORE/tmp/                     partial files, renamed into images/ or refs/ when complete
 * </pre>
 *
 * Partial files live only in {@code tmp/} under a name that carries host and owner, so nothing
 * half-written is ever visible under {@code images/} or {@code refs/}, and a later run on that host
 * can remove what a killed import left. The lock files stay: see {@code docs/node-shim.md}.
 */
public final class ImageStore {
    private final Path root;
    private final Path scratch;
    private final ImageTools tools;
    private final RegistryResolver resolver;
    private final RegistryCredentials credentials;
    private final OwnerId owner;
    private final String host;
    private final String arch = platformArch();

    public ImageStore(
            Path root,
            Path scratch,
            ImageTools tools,
            RegistryResolver resolver,
            RegistryCredentials credentials,
            OwnerId owner,
            String host) {
        this.root = root;
        this.scratch = scratch;
        this.tools = tools;
        this.resolver = resolver;
        this.credentials = credentials;
        this.owner = owner;
        this.host = host;
    }

    public Path root() {
        return root;
    }

    /** The image as a Squashfs file, pulled and converted on a miss. */
    public SquashfsImage ensure(ImageReference ref) throws InterruptedException {
        prepareDirs();
        Path authFile = null;
        try {
            Optional<RegistryCredentials.Entry> login = credentials.find(ref.registry(), ref.user());
            if (login.isPresent()) {
                authFile = RegistryCredentials.writeAuthFile(scratch, ref.registry(), login.get());
            }
            return ensure(ref, authFile);
        } catch (IOException e) {
            if (StorageFull.says(e)) {
                boolean inScratch = e instanceof FileSystemException f
                        && f.getFile() != null
                        && Path.of(f.getFile()).startsWith(scratch);
                throw StorageFull.error(
                        "import of " + ref,
                        inScratch ? tools.scratchPlace(scratch) : ImageTools.storePlace(root),
                        e.getMessage());
            }
            throw ShimException.environment(
                    "image store " + root + ": " + IoErrors.describe(e),
                    "check that the store directory exists and is writable (image_store, EDF_IMAGESTORE)");
        } finally {
            if (authFile != null) {
                try {
                    Files.deleteIfExists(authFile);
                } catch (IOException ignored) {
                    // the scratch directory is removed anyway
                }
            }
        }
    }

    private SquashfsImage ensure(ImageReference ref, Path authFile) throws IOException, InterruptedException {
        Path refs = root.resolve("refs");
        Optional<String> known = resolver.known(ref, refs);
        if (known.isPresent()) {
            return ensure(ref, known.get(), authFile, null, null);
        }
        SpeculativeDownload early = null;
        try {
            if (likelyNew(ref, refs)) {
                Path referenceLock = root.resolve("locks").resolve("ref-" + Names.key(ref.toString()) + ".lock");
                early = SpeculativeDownload.start(referenceLock, this::newWorkDir, tools, ref, authFile)
                        .orElse(null);
                if (early == null) {
                    // Another process is importing this reference already: its import is ours too. Waiting
                    // for it here, rather than at the digest's lock, keeps it from being raced to that lock.
                    try (FileLock waited = FileLock.acquire(
                            referenceLock,
                            () -> ShimLog.progress(
                                    "pull.wait", "waiting for another import of " + ref, "image", ref))) {
                        ShimLog.debug("pull.waited", "image", ref);
                    }
                    // That import resolved the tag: no need to ask the registry again.
                    Optional<String> resolved = resolver.known(ref, refs);
                    if (resolved.isPresent()) {
                        return ensure(ref, resolved.get(), authFile, null, null);
                    }
                }
            }
            RegistryResolver.Resolution asked = resolver.query(
                    ref,
                    refs,
                    root.resolve("tmp").resolve(partialPrefix() + UUID.randomUUID() + ".ref.json"),
                    authFile);
            return ensure(ref, asked.digest(), authFile, early, asked);
        } finally {
            if (early != null) {
                early.close();
            }
        }
    }

    /** With the digest known; {@code early} (may be null) is a download by tag begun meanwhile. */
    private SquashfsImage ensure(
            ImageReference ref,
            String digest,
            Path authFile,
            SpeculativeDownload early,
            RegistryResolver.Resolution asked)
            throws IOException, InterruptedException {
        ShimLog.phase("pull.resolved");
        Optional<SquashfsImage> hit = lookup(digest);
        if (hit.isPresent()) {
            touch(sidecarPath(digest));
            return hit.get();
        }
        ShimLog.sinkProgress("pull.start", "pulling " + ref, "image", ref, "digest", digest);
        Path lockFile = root.resolve("locks").resolve(key(digest) + ".lock");
        Optional<FileLock> free = early != null ? FileLock.tryAcquire(lockFile) : Optional.empty();
        if (early != null && free.isEmpty()) {
            // Another import of this digest runs: the early download would only duplicate it.
            early.close();
        }
        try (FileLock lock = free.isPresent()
                ? free.get()
                : FileLock.acquire(
                        lockFile,
                        () -> ShimLog.progress("pull.wait", "waiting for another import of " + ref, "image", ref))) {
            hit = lookup(digest);
            if (hit.isPresent()) {
                return hit.get();
            }
            sweepPartials();
            ShimLog.progress(
                    "pull.download",
                    "pulling " + ref + " (" + digest.substring(0, 19) + ")",
                    "image",
                    ref,
                    "digest",
                    digest);
            long start = System.nanoTime();
            Path work = free.isPresent() ? early.work() : newWorkDir();
            try (DownloadProgress progress = DownloadProgress.start(
                    ref, SpeculativeDownload.layoutIn(work), () -> sizes(ref, digest, authFile, asked))) {
                boolean downloaded = free.isPresent() && early.adopt(ref, asked, resolver, authFile, arch);
                return importImage(ref, digest, authFile, work, downloaded, start, progress);
            }
        }
    }

    /** What the download moves: from the manifest the resolution fetched, else (a cached tag) asked once more. */
    private ImageSize sizes(ImageReference ref, String digest, Path authFile, RegistryResolver.Resolution asked)
            throws IOException, InterruptedException {
        byte[] manifest = asked != null ? asked.manifest() : resolver.manifest(ref, digest, authFile);
        return ImageSize.of(manifest, arch, d -> resolver.manifest(ref, d, authFile));
    }

    /**
     * Whether a tag is probably not in the store: never resolved here, or last resolved to an image
     * the store no longer has. Only then does the download start before the digest is known; a tag
     * whose cached resolution merely expired is most likely still a hit.
     */
    private boolean likelyNew(ImageReference ref, Path refs) {
        Optional<String> previous = resolver.previous(ref, refs);
        return previous.isEmpty() || !Files.isRegularFile(imagePath(previous.get()));
    }

    private Path newWorkDir() throws IOException {
        Path work = Files.createDirectories(scratch).resolve("pull-" + owner + "-" + UUID.randomUUID());
        return Files.createDirectory(work);
    }

    /** A stored image, without asking any registry. */
    public Optional<SquashfsImage> lookup(String digest) {
        Path sqsh = imagePath(digest);
        if (!Files.isRegularFile(sqsh)) {
            return Optional.empty();
        }
        ImageConfig config = ImageConfig.EMPTY;
        try {
            config = StoredImage.read(sidecarPath(digest)).config();
        } catch (IOException e) {
            ShimLog.warn("store.sidecar", "no readable metadata for " + sqsh + "; using image defaults", "path", sqsh);
        }
        return Optional.of(new SquashfsImage(sqsh, config, digest));
    }

    /** Imports into {@code work}, which may hold the downloaded layout already; removes {@code work}. */
    private SquashfsImage importImage(
            ImageReference ref,
            String digest,
            Path authFile,
            Path work,
            boolean downloaded,
            long start,
            DownloadProgress progress)
            throws IOException, InterruptedException {
        Path partial = root.resolve("tmp").resolve(partialPrefix() + UUID.randomUUID() + ".sqsh");
        Path partialMeta = Path.of(partial + ".json");
        BackgroundRemoval layoutRemoval = null;
        try {
            Path layout = SpeculativeDownload.layoutIn(work);
            if (!downloaded) {
                tools.runStep(
                        "download of " + ref,
                        tools.copyCommand(ref, digest, authFile, layout),
                        tools.scratchPlace(scratch));
            }
            progress.downloaded();
            ShimLog.phase("pull.downloaded");
            ImageConfig config = OciLayoutReader.read(layout);
            Path rootfs = work.resolve("rootfs");
            ShimLog.progress("pull.unpack", "unpacking " + ref, "image", ref);
            tools.runStep("unpacking of " + ref, tools.unpackCommand(layout, rootfs), tools.scratchPlace(scratch));
            ShimLog.phase("pull.unpacked");
            // The layout is as large as the image and no longer needed: it goes while mksquashfs runs.
            layoutRemoval = BackgroundRemoval.start(layout);
            ShimLog.progress("pull.squash", "building Squashfs for " + ref, "image", ref);
            tools.runStep("mksquashfs of " + ref, tools.squashCommand(rootfs, partial), ImageTools.storePlace(root));
            ShimLog.phase("pull.squashed");
            StoredImage meta = new StoredImage(
                    ref.toString(), digest, config, Instant.now().toString(), Files.size(partial));
            meta.write(partialMeta);
            // Sidecar first, image last: the image file appearing is what makes the entry visible.
            Files.move(
                    partialMeta,
                    sidecarPath(digest),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, imagePath(digest), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            ShimLog.phase("pull.published");
            ShimLog.progress(
                    "pull.done",
                    "stored " + ref + " in " + ShimLog.seconds(start) + " s",
                    "image",
                    ref,
                    "digest",
                    digest,
                    "bytes",
                    meta.sizeBytes(),
                    "seconds",
                    ShimLog.seconds(start));
            return new SquashfsImage(imagePath(digest), config, digest);
        } finally {
            if (layoutRemoval != null) {
                // Before the work directory goes: two removals of one tree would race.
                layoutRemoval.close();
            }
            Files.deleteIfExists(partial);
            Files.deleteIfExists(partialMeta);
            TreeRemover.remove(work);
            ShimLog.phase("pull.cleaned-up");
        }
    }

    /** Entries of the store, newest use first. */
    public List<StoredImage> list() {
        Path images = imagesDir();
        if (!Files.isDirectory(images)) {
            return List.of();
        }
        List<StoredImage> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(images)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".sqsh"))
                    .sorted()
                    .toList()) {
                String digest = "sha256:"
                        + p.getFileName()
                                .toString()
                                .replaceFirst("^sha256-", "")
                                .replaceFirst("\\.sqsh$", "");
                StoredImage meta;
                try {
                    meta = StoredImage.read(sidecarPath(digest));
                } catch (IOException e) {
                    meta = new StoredImage("?", digest, ImageConfig.EMPTY, "?", Files.size(p));
                }
                out.add(meta);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** When the image was last used: the sidecar's modification time (the image file is never touched). */
    public Instant lastUsed(String digest) throws IOException {
        Path p = Files.exists(sidecarPath(digest)) ? sidecarPath(digest) : imagePath(digest);
        return Files.getLastModifiedTime(p).toInstant();
    }

    /** Removes an image; a running container keeps its open file until it ends. */
    public boolean remove(String digest) throws IOException {
        boolean removed = Files.deleteIfExists(imagePath(digest));
        Files.deleteIfExists(sidecarPath(digest));
        return removed;
    }

    /** Removes images unused for longer than {@code unused}; returns the removed entries. */
    public List<StoredImage> prune(Duration unused) throws IOException {
        List<StoredImage> removed = new ArrayList<>();
        Instant limit = Instant.now().minus(unused);
        for (StoredImage img : list()) {
            if (lastUsed(img.digest()).isBefore(limit) && remove(img.digest())) {
                removed.add(img);
            }
        }
        sweepPartials();
        return removed;
    }

    /** Removes partial files this host's dead importers left in tmp/. */
    public void sweepPartials() throws IOException {
        Path tmp = root.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return;
        }
        String hostPrefix = host + "_";
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(hostPrefix)) {
                    continue;
                }
                String rest = name.substring(hostPrefix.length());
                int cut = rest.indexOf('_');
                Optional<OwnerId> who = cut > 0 ? OwnerId.parse(rest.substring(0, cut)) : Optional.empty();
                if (who.isPresent() && !who.get().isAlive()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private String partialPrefix() {
        return host + "_" + owner + "_";
    }

    private void prepareDirs() {
        try {
            for (String d : List.of("refs", "locks", "tmp")) {
                Files.createDirectories(root.resolve(d));
            }
            Files.createDirectories(imagesDir());
        } catch (IOException e) {
            throw ShimException.environment(
                    "image store " + root + " cannot be created: " + IoErrors.describe(e),
                    "set image_store (site) or EDF_IMAGESTORE to a writable directory, or EDF_IMAGESTORE=void");
        }
    }

    private static void touch(Path p) {
        try {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
        } catch (IOException ignored) {
            // Read-only site stores have no "last used" time; pruning them is the site's job.
        }
    }

    /** One directory per CPU architecture: a multi-platform digest names different images on each. */
    private Path imagesDir() {
        return root.resolve("images").resolve(arch);
    }

    public Path imagePath(String digest) {
        return imagesDir().resolve(key(digest) + ".sqsh");
    }

    private Path sidecarPath(String digest) {
        return imagesDir().resolve(key(digest) + ".json");
    }

    static String platformArch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> a;
        };
    }

    static String key(String digest) {
        return digest.replace(':', '-');
    }
}
