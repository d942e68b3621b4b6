package dev.hpcenv.shim.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.config.SiteConfig;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.process.CommandResult;
import dev.hpcenv.shim.state.OwnerId;
import dev.hpcenv.shim.support.RecordingRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import sequence with the tools replaced by fakes that write what the real ones would:
 * what is published, what is removed and when.
 */
class ImageStoreImportTest {
    private static final String CONFIG_DIGEST = "sha256:" + "c".repeat(64);
    private static final String MANIFEST = manifest("l");
    private static final String CONFIG = "{\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"/bin/sh\"]}}";
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path store;

    @TempDir
    Path scratch;

    private final ImageReference ref = new ImageReference("reg:5000", "team/app", "1", null, null);

    @Test
    void aPullPublishesTheImageWithItsConfigAndLeavesNoWorkFiles() throws Exception {
        FakeTools fake = new FakeTools(true);
        SquashfsImage img = store(fake).ensure(ref);

        assertThat(img.path()).isRegularFile().hasContent("squashfs");
        assertThat(img.digest())
                .isEqualTo("sha256:" + RegistryResolver.sha256Hex(MANIFEST.getBytes(StandardCharsets.UTF_8)));
        assertThat(img.config().env()).containsExactly("PATH=/bin");
        assertThat(img.config().cmd()).containsExactly("/bin/sh");
        assertThat(fake.layoutGoneDuringSquash)
                .as("layout removed while mksquashfs ran")
                .isTrue();
        assertThat(leftIn(scratch)).isEmpty();
        assertThat(leftIn(store.resolve("tmp"))).isEmpty();
        assertThat(leftIn(store.resolve("refs")))
                .as("the tag cache holds complete entries only")
                .singleElement()
                .satisfies(p ->
                        assertThat(p.getFileName().toString()).endsWith(".json").doesNotStartWith("."));
    }

    @Test
    void aFailedMksquashfsPublishesNothingAndLeavesNoWorkFiles() {
        FakeTools fake = new FakeTools(false);
        ImageStore s = store(fake);

        assertThatThrownBy(() -> s.ensure(ref))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("mksquashfs of " + ref + " failed: disk full");
        assertThat(s.list()).isEmpty();
        assertThat(leftIn(scratch)).isEmpty();
        assertThat(leftIn(store.resolve("tmp"))).isEmpty();
    }

    @Test
    void aNewTagIsDownloadedWhileItsDigestIsAskedForAndOnlyOnce() throws Exception {
        FakeTools fake = new FakeTools(true);
        RecordingRunner runner = new RecordingRunner(fake::answer);
        SquashfsImage img = store(runner, 300).ensure(ref);

        assertThat(img.path()).isRegularFile().hasContent("squashfs");
        assertThat(copies(runner)).containsExactly("docker://reg:5000/team/app:1");
        assertThat(runner.commands.get(0))
                .as("the download starts before the digest is asked for")
                .contains("copy")
                .doesNotContain("inspect");
        assertThat(leftIn(scratch)).isEmpty();
        assertThat(leftIn(store.resolve("tmp"))).isEmpty();
    }

    @Test
    void aTagThatMovedDuringTheDownloadIsDownloadedAgainByDigest() throws Exception {
        FakeTools fake = new FakeTools(true);
        fake.layerByTag = "n";
        RecordingRunner runner = new RecordingRunner(fake::answer);
        SquashfsImage img = store(runner, 300).ensure(ref);

        String digest = "sha256:" + RegistryResolver.sha256Hex(MANIFEST.getBytes(StandardCharsets.UTF_8));
        assertThat(img.digest()).isEqualTo(digest);
        assertThat(copies(runner))
                .containsExactly("docker://reg:5000/team/app:1", "docker://reg:5000/team/app@" + digest);
        assertThat(fake.unpackedLayer)
                .as("the image the digest names was unpacked")
                .isEqualTo("l");
        assertThat(leftIn(scratch)).isEmpty();
    }

    @Test
    void aTagLastResolvedToAStoredImageIsNotDownloadedBeforeItsDigestIsKnown() throws Exception {
        FakeTools fake = new FakeTools(true);
        store(new RecordingRunner(fake::answer), 300).ensure(ref);
        // The cached resolution has expired: the registry is asked again, and the answer is a hit.
        Path refs = store.resolve("refs");
        try (Stream<Path> entries = Files.list(refs)) {
            for (Path entry : entries.toList()) {
                Files.writeString(
                        entry,
                        Files.readString(entry)
                                .replaceAll("\"resolvedAtEpochSeconds\":\\d+", "\"resolvedAtEpochSeconds\":0"));
            }
        }
        RecordingRunner again = new RecordingRunner(fake::answer);
        store(again, 300).ensure(ref);

        assertThat(again.commands).extracting(c -> c.get(1)).containsExactly("inspect");
    }

    @Test
    void aDownloadByTagIsDroppedWhenItsDigestTurnsOutToBeStoredAlready() throws Exception {
        FakeTools fake = new FakeTools(true);
        SquashfsImage first = store(new RecordingRunner(fake::answer), 300).ensure(ref);
        ImageReference sameImageOtherTag = new ImageReference("reg:5000", "team/app", "stable", null, null);
        RecordingRunner again = new RecordingRunner(fake::answer);
        SquashfsImage second = store(again, 300).ensure(sameImageOtherTag);

        assertThat(second.path()).isEqualTo(first.path());
        assertThat(again.commands).extracting(c -> c.get(1)).containsExactly("copy", "inspect");
        assertThat(leftIn(scratch)).isEmpty();
    }

    private static List<String> copies(RecordingRunner runner) {
        return runner.commands.stream()
                .filter(c -> c.get(1).equals("copy"))
                .map(c -> c.get(c.size() - 2))
                .toList();
    }

    private static String manifest(String layer) {
        return "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + CONFIG_DIGEST
                + "\"},\"layers\":[{\"digest\":\"sha256:" + layer.repeat(64) + "\"}]}";
    }

    private ImageStore store(FakeTools fake) {
        return store(new RecordingRunner(fake::answer), 300);
    }

    private ImageStore store(RecordingRunner runner, long ttlSeconds) {
        ImageTools tools = new ImageTools(SiteConfig.defaults(), runner, false);
        return new ImageStore(
                store,
                scratch,
                tools,
                new RegistryResolver(tools, runner, ttlSeconds),
                RegistryCredentials.none(),
                OwnerId.current(),
                "testhost");
    }

    private static List<Path> leftIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** skopeo, umoci and mksquashfs as far as the store can tell: the files each one leaves. */
    private static final class FakeTools {
        private final boolean squashSucceeds;
        private Path layout;
        /** The layer a download by tag finds (a tag that moved: not the one the asked-for digest names). */
        String layerByTag = "l";

        String unpackedLayer;
        volatile boolean layoutGoneDuringSquash;

        FakeTools(boolean squashSucceeds) {
            this.squashSucceeds = squashSucceeds;
        }

        CommandResult answer(List<String> cmd) {
            try {
                return switch (cmd.get(0) + " " + cmd.get(1)) {
                    case "skopeo inspect" -> new CommandResult(0, MANIFEST, "");
                    case "skopeo copy" ->
                        copy(cmd.get(cmd.size() - 1), cmd.get(cmd.size() - 2).contains("@") ? "l" : layerByTag);
                    case "umoci raw" -> unpack(Path.of(cmd.get(cmd.size() - 1)), cmd.get(cmd.size() - 2));
                    default -> squash(Path.of(cmd.get(2)));
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private CommandResult copy(String dest, String layer) throws IOException {
            layout = Path.of(dest.substring("oci:".length(), dest.length() - ":img".length()));
            Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
            Files.writeString(blobs.resolve("c".repeat(64)), CONFIG);
            Files.writeString(blobs.resolve("m".repeat(64)), manifest(layer));
            Files.writeString(blobs.resolve(layer.repeat(64)), "x".repeat(4096));
            Files.writeString(
                    layout.resolve("index.json"), "{\"manifests\":[{\"digest\":\"sha256:" + "m".repeat(64) + "\"}]}");
            return new CommandResult(0, "", "");
        }

        private CommandResult unpack(Path rootfs, String image) throws IOException {
            Path unpacked = Path.of(image.substring(0, image.length() - ":img".length()));
            try (Stream<Path> blobs = Files.list(unpacked.resolve("blobs/sha256"))) {
                unpackedLayer = blobs.map(p -> p.getFileName().toString())
                        .filter(n -> !n.startsWith("c") && !n.startsWith("m"))
                        .findFirst()
                        .orElseThrow()
                        .substring(0, 1);
            }
            Files.createDirectories(rootfs.resolve("bin"));
            Files.writeString(rootfs.resolve("bin/sh"), "#!");
            // umoci keeps image modes: a read-only directory must not stop the cleanup.
            rootfs.resolve("bin").toFile().setWritable(false, false);
            return new CommandResult(0, "", "");
        }

        private CommandResult squash(Path output) throws IOException {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (Files.exists(layout) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
            }
            layoutGoneDuringSquash = !Files.exists(layout);
            if (!squashSucceeds) {
                return new CommandResult(1, "", "disk full");
            }
            Files.writeString(output, "squashfs");
            return new CommandResult(0, "", "");
        }
    }
}
