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
    private static final String MANIFEST = "{\"schemaVersion\":2}";
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
        assertThat(img.digest()).isEqualTo("sha256:" + RegistryResolver.sha256Hex(MANIFEST.getBytes(StandardCharsets.UTF_8)));
        assertThat(img.config().env()).containsExactly("PATH=/bin");
        assertThat(img.config().cmd()).containsExactly("/bin/sh");
        assertThat(fake.layoutGoneDuringSquash).as("layout removed while mksquashfs ran").isTrue();
        assertThat(leftIn(scratch)).isEmpty();
        assertThat(leftIn(store.resolve("tmp"))).isEmpty();
    }

    @Test
    void aFailedMksquashfsPublishesNothingAndLeavesNoWorkFiles() {
        FakeTools fake = new FakeTools(false);
        ImageStore s = store(fake);

        assertThatThrownBy(() -> s.ensure(ref)).isInstanceOf(ShimException.class)
                .hasMessageContaining("mksquashfs of " + ref + " failed: disk full");
        assertThat(s.list()).isEmpty();
        assertThat(leftIn(scratch)).isEmpty();
        assertThat(leftIn(store.resolve("tmp"))).isEmpty();
    }

    private ImageStore store(FakeTools fake) {
        RecordingRunner runner = new RecordingRunner(fake::answer);
        ImageTools tools = new ImageTools(SiteConfig.defaults(), runner, false);
        return new ImageStore(store, scratch, tools, new RegistryResolver(tools, runner, 300),
                RegistryCredentials.none(), OwnerId.current(), "testhost");
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
        volatile boolean layoutGoneDuringSquash;

        FakeTools(boolean squashSucceeds) {
            this.squashSucceeds = squashSucceeds;
        }

        CommandResult answer(List<String> cmd) {
            try {
                return switch (cmd.get(0) + " " + cmd.get(1)) {
                    case "skopeo inspect" -> new CommandResult(0, MANIFEST, "");
                    case "skopeo copy" -> copy(cmd.get(cmd.size() - 1));
                    case "umoci raw" -> unpack(Path.of(cmd.get(cmd.size() - 1)));
                    default -> squash(Path.of(cmd.get(2)));
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private CommandResult copy(String dest) throws IOException {
            layout = Path.of(dest.substring("oci:".length(), dest.length() - ":img".length()));
            Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
            Files.writeString(blobs.resolve("c".repeat(64)), CONFIG);
            Files.writeString(blobs.resolve("m".repeat(64)), "{\"config\":{\"digest\":\"sha256:" + "c".repeat(64) + "\"}}");
            Files.writeString(blobs.resolve("layer"), "x".repeat(4096));
            Files.writeString(layout.resolve("index.json"),
                    "{\"manifests\":[{\"digest\":\"sha256:" + "m".repeat(64) + "\"}]}");
            return new CommandResult(0, "", "");
        }

        private CommandResult unpack(Path rootfs) throws IOException {
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
