package dev.hpcenv.shim.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.config.SiteConfig;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.process.CommandResult;
import dev.hpcenv.shim.support.RecordingRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryResolverTest {
    @TempDir
    Path refs;

    @TempDir
    Path partials;

    private Path partial() {
        return partials.resolve("host_1-2_" + java.util.UUID.randomUUID() + ".ref.json");
    }

    private static SiteConfig insecure(String registry) {
        SiteConfig d = SiteConfig.defaults();
        return new SiteConfig(
                Optional.empty(),
                d.runtime(),
                Set.of(registry),
                Optional.empty(),
                d.runtimeDir(),
                d.tempDir(),
                d.mountMode(),
                300,
                d.squashfs(),
                d.tools(),
                Optional.empty());
    }

    @Test
    void theDigestIsTheSha256OfTheRawManifestAndIsCachedForTheTtl() throws Exception {
        String manifest = "{\"schemaVersion\":2}";
        RecordingRunner runner = new RecordingRunner(c -> new CommandResult(0, manifest, ""));
        ImageTools tools = new ImageTools(insecure("reg:5000"), runner, false);
        RegistryResolver resolver = new RegistryResolver(tools, runner, 300);
        ImageReference ref = new ImageReference("reg:5000", "team/app", "1", null, null);
        String expected = "sha256:" + RegistryResolver.sha256Hex(manifest.getBytes(StandardCharsets.UTF_8));
        assertThat(resolver.resolve(ref, refs, partial(), null)).isEqualTo(expected);
        assertThat(resolver.resolve(ref, refs, partial(), null)).isEqualTo(expected);
        assertThat(runner.commands)
                .containsExactly(
                        List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://reg:5000/team/app:1"));
        ImageReference pinned = ref.withDigest(expected);
        assertThat(resolver.resolve(pinned, refs, partial(), null)).isEqualTo(expected);
        assertThat(runner.commands).hasSize(1);
    }

    @Test
    void theCacheEntryIsWrittenWhereTheCallerSaysThenRenamedIntoRefs() throws Exception {
        // Given
        String manifest = "{\"schemaVersion\":2}";
        RecordingRunner runner = new RecordingRunner(c -> new CommandResult(0, manifest, ""));
        RegistryResolver resolver =
                new RegistryResolver(new ImageTools(insecure("reg:5000"), runner, false), runner, 300);
        ImageReference ref = new ImageReference("reg:5000", "team/app", "1", null, null);
        Path partial = partial();

        // When
        resolver.query(ref, refs, partial, null);

        // Then
        assertThat(partial).doesNotExist();
        try (Stream<Path> entries = Files.list(refs)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .as("only complete entries in refs/, no stray temporary file")
                    .singleElement()
                    .satisfies(name -> assertThat(name).endsWith(".json").doesNotStartWith("."));
        }
        assertThat(resolver.known(ref, refs))
                .contains("sha256:" + RegistryResolver.sha256Hex(manifest.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aCacheEntryThatCannotBeWrittenLeavesNothingAndTheDigestStillComes() throws Exception {
        // Given
        String manifest = "{\"schemaVersion\":2}";
        RecordingRunner runner = new RecordingRunner(c -> new CommandResult(0, manifest, ""));
        RegistryResolver resolver =
                new RegistryResolver(new ImageTools(insecure("reg:5000"), runner, false), runner, 300);
        ImageReference ref = new ImageReference("reg:5000", "team/app", "1", null, null);

        // When
        RegistryResolver.Resolution r = resolver.query(ref, refs, partials.resolve("missing/entry.json"), null);

        // Then
        assertThat(r.digest()).startsWith("sha256:");
        try (Stream<Path> entries = Files.list(refs)) {
            assertThat(entries).isEmpty();
        }
        try (Stream<Path> entries = Files.walk(partials)) {
            assertThat(entries).containsExactly(partials);
        }
    }

    @Test
    void registryFailuresSayWhatIsWrong() {
        ImageReference ref = new ImageReference("reg:5000", "team/app", "1", null, null);
        assertThat(RegistryResolver.describe(ref, "dial tcp 127.0.0.1:5000: connect: connection refused")
                        .getMessage())
                .contains("registry reg:5000 is unreachable");
        assertThat(RegistryResolver.describe(ref, "reading manifest 1: manifest unknown")
                        .getMessage())
                .contains("not found in registry");
        assertThat(RegistryResolver.describe(ref, "unauthorized: authentication required")
                        .hint())
                .contains("credentials");
        RecordingRunner failing = new RecordingRunner(c -> new CommandResult(1, "", "x\nconnection refused\n"));
        RegistryResolver resolver =
                new RegistryResolver(new ImageTools(SiteConfig.defaults(), failing, false), failing, 0);
        assertThatThrownBy(() -> resolver.resolve(ref, refs, partial(), null))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void importStepsAreTheHandChainableTools() {
        ImageTools rootless = new ImageTools(insecure("reg:5000"), RecordingRunner.succeeding(), false);
        ImageReference ref = new ImageReference("reg:5000", "team/app", "1", null, null);
        assertThat(rootless.copyCommand(ref, "sha256:abc", Path.of("/a.json"), Path.of("/t/oci")))
                .containsExactly(
                        "skopeo",
                        "copy",
                        "--quiet",
                        "--src-tls-verify=false",
                        "--src-authfile",
                        "/a.json",
                        "docker://reg:5000/team/app@sha256:abc",
                        "oci:/t/oci:img");
        assertThat(rootless.unpackCommand(Path.of("/t/oci"), Path.of("/t/rootfs")))
                .containsExactly("umoci", "raw", "unpack", "--rootless", "--image", "/t/oci:img", "/t/rootfs");
        assertThat(rootless.squashCommand(Path.of("/t/rootfs"), Path.of("/s/x.sqsh")))
                .containsSequence("-comp", "zstd", "-Xcompression-level", "1")
                .contains("-all-root", "-noappend");
        ImageTools asRoot = new ImageTools(SiteConfig.defaults(), RecordingRunner.succeeding(), true);
        assertThat(asRoot.unpackCommand(Path.of("/t/oci"), Path.of("/t/rootfs")))
                .doesNotContain("--rootless");
    }
}
