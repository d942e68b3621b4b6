package dev.hpcenv.shim.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.ContainerIdentity;
import dev.hpcenv.shim.bundle.OciMount;
import dev.hpcenv.shim.config.SiteConfig;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.spec.EnvironmentSource;
import dev.hpcenv.shim.support.RecordingRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The annotations of the CSCS documentation of 2026 against the example site: the policy's verdict,
 * what {@code hpcenv-shim hooks} says, which hooks the plan activates, and what the library hooks
 * (dcgm, a network stack artifact) mount.
 */
class DocumentedSwitchesTest {
    @TempDir
    Path dir;

    Path image;
    Path host;

    @BeforeEach
    void glibcImage() throws Exception {
        image = FakeGlibcImage.create(dir, "usr/lib/x86_64-linux-gnu/libdcgm.so.3");
        host = Files.createDirectories(dir.resolve("host"));
    }

    static Stream<Arguments> policyTable() {
        return Stream.of(
                // annotation, value, refusal (null: accepted), hooks the plan activates besides the default cxi
                Arguments.of("com.hooks.aws_ofi_nccl.variant", "cuda13", null, List.of()),
                Arguments.of("com.hooks.aws_ofi_nccl.variant", "rocm5", null, List.of()),
                Arguments.of("com.hooks.netstack.source", "host", null, List.of()),
                Arguments.of("com.hooks.netstack.source", "artifact", null, List.of()),
                Arguments.of(
                        "com.hooks.netstack.source",
                        "container",
                        "unknown network stack source 'container'; allowed: host, artifact",
                        List.of()),
                Arguments.of("com.hooks.netstack.version", "26.05.1", null, List.of()),
                Arguments.of(
                        "com.hooks.netstack.version",
                        "../../etc",
                        "'../../etc' is not a network stack artifact version",
                        List.of()),
                Arguments.of("com.hooks.netstack.name", "shs:13.1.0", null, List.of()),
                Arguments.of("com.hooks.ssh.port", "2222", null, List.of()),
                Arguments.of("com.hooks.ssh.port", "0", "'0' is not a TCP port; allowed: 1 to 65535", List.of()),
                Arguments.of(
                        "com.hooks.ssh.port", "65536", "'65536' is not a TCP port; allowed: 1 to 65535", List.of()),
                Arguments.of(
                        "com.hooks.ssh.port",
                        "4294967297",
                        "'4294967297' is not a TCP port; allowed: 1 to 65535",
                        List.of()),
                Arguments.of("com.hooks.dcgm.enabled", "true", null, List.of("dcgm")),
                Arguments.of("com.hooks.dcgm.enabled", "false", null, List.of()),
                Arguments.of("com.hooks.dcgm.enabled", "yes", "'yes' is not a switch value", List.of()),
                Arguments.of("com.hooks.nvidia_cuda_mps.enabled", "true", null, List.of("cuda_mps")),
                Arguments.of("com.hooks.nvidia_cuda_mps.enabled", "on", "'on' is not a switch value", List.of()));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("policyTable")
    void policyAndPlan(String key, String value, String refusal, List<String> activated) throws Exception {
        HookPlanner planner = HookPlanner.forSite(site(null, null).hooks(), false);

        HookPlan plan = planner.plan(Map.of(key, value), "/usr/bin/app", false, Map.of(), Map.of());

        if (refusal == null) {
            assertThat(plan.annotations().rejected()).isEmpty();
            assertThat(plan.annotations().annotations()).containsEntry(key, value);
        } else {
            assertThat(plan.annotations().rejected()).singleElement().satisfies(r -> {
                assertThat(r.annotation()).isEqualTo(key);
                assertThat(r.reason()).startsWith(refusal).doesNotContain("\n");
            });
            assertThat(plan.annotations().annotations()).doesNotContainKey(key);
        }
        List<String> expected = new java.util.ArrayList<>(activated);
        expected.add("cxi");
        assertThat(plan.active()).extracting(ActiveHook::name).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aSiteThatDeniesASwitchRefusesItWithTheRule() throws Exception {
        SiteConfig site = site(
                "deny = [\"^io\\\\.kubernetes\\\\.\"",
                "deny = [\"^com\\\\.hooks\\\\.dcgm\\\\.\", \"^io\\\\.kubernetes\\\\.\"");

        HookPlan plan = HookPlanner.forSite(site.hooks(), false)
                .plan(Map.of("com.hooks.dcgm.enabled", "true"), "", false, Map.of(), Map.of());

        assertThat(plan.annotations().rejected())
                .singleElement()
                .satisfies(
                        r -> assertThat(r.reason())
                                .isEqualTo(
                                        "users may not set annotations matching '^com\\.hooks\\.dcgm\\.' (runtime- or site-controlled)"));
        assertThat(plan.active()).extracting(ActiveHook::name).doesNotContain("dcgm");
    }

    @Test
    void pyxisAnnotationsAreReportedAsIgnoredNeverRefused() throws Exception {
        EffectiveAnnotations e = new AnnotationPolicy(site(null, null).hooks())
                .apply(Map.of("com.pyxis.entrypoint_log", "true", "com.pyxis.pytorch_remap_vars", "true"));

        assertThat(e.rejected()).isEmpty();
        assertThat(e.annotations()).doesNotContainKeys("com.pyxis.entrypoint_log", "com.pyxis.pytorch_remap_vars");
        assertThat(e.ignored())
                .extracting(RejectedAnnotation::annotation)
                .containsExactlyInAnyOrder("com.pyxis.entrypoint_log", "com.pyxis.pytorch_remap_vars");
        assertThat(e.ignored()).allSatisfy(r -> assertThat(r.reason()).startsWith("read by Pyxis"));
    }

    @Test
    void explainShowsRefusalsIgnoredAnnotationsAndTheNetworkStack() throws Exception {
        Path artifact = artifact("26.05.1", "shs:13.1.0", "libfabric.so.1");
        Files.createSymbolicLink(artifact.getParent().getParent().resolve("latest"), Path.of("26.05.1"));
        Files.createSymbolicLink(artifact.getParent().resolve("default"), Path.of("shs:13.1.0"));
        SiteConfig site = site(
                "artifacts = \"/opt/hpcenv/netstack\"",
                "artifacts = \"" + dir.resolve("netstack") + "\"\narch = \"x86_64\"");
        Path edf = Files.writeString(dir.resolve("e.toml"), """
                image = "ubuntu:24.04"
                [annotations]
                com.hooks.netstack.source = "artifact"
                com.hooks.ssh.port = "${SSH_PORT}"
                com.pyxis.entrypoint_log = "true"
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = new HooksExplain(
                        site.hooks(),
                        Map.of("HOME", dir.toString(), "SSH_PORT", "99999"),
                        dir,
                        new PrintStream(out, true, StandardCharsets.UTF_8))
                .explain(new EnvironmentSource.Edf(edf.toString(), null), List.of(), Map.of());

        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(json)
                .contains("\"annotation\" : \"com.hooks.ssh.port\"")
                .contains("'99999' is not a TCP port; allowed: 1 to 65535")
                .contains("\"ignored\" : [ {")
                .contains("\"annotation\" : \"com.pyxis.entrypoint_log\"")
                .contains("\"netstack\" : \"artifact " + artifact.toRealPath() + "\"");
    }

    @Test
    void dcgmMountsTheConfiguredSiteLibrary() throws Exception {
        Path dcgm = Files.writeString(host.resolve("libdcgm.so.3"), "");
        SiteConfig site =
                site("libraries = [\"/usr/lib/x86_64-linux-gnu/libdcgm.so.3\"]", "libraries = [\"" + dcgm + "\"]");

        BundleDraft d = apply(site, Map.of("com.hooks.dcgm.enabled", "true", "com.hooks.cxi.enabled", "false"));

        assertThat(d.mounts)
                .contains(
                        OciMount.bind(
                                dcgm.toString(), "/opt/hpcenv/hooks/dcgm/lib/libdcgm.so.3", SiteEdits.BIND_OPTIONS),
                        OciMount.bind(
                                dcgm.toString(), "/usr/lib/x86_64-linux-gnu/libdcgm.so.3", SiteEdits.BIND_OPTIONS));
    }

    @Test
    void dcgmWithoutTheSiteLibraryIsAOneLineError() throws Exception {
        assertThatThrownBy(() -> apply(
                        site(null, null), Map.of("com.hooks.dcgm.enabled", "true", "com.hooks.cxi.enabled", "false")))
                .isInstanceOf(ShimException.class)
                .hasMessage(
                        "hook dcgm: library /usr/lib/x86_64-linux-gnu/libdcgm.so.3 (hooks.dcgm.libraries) is not on this node");
    }

    @Test
    void aNetstackArtifactReplacesTheHostLibrariesOfTheNetworkHooks() throws Exception {
        Path artifact = artifact("26.05.1", "shs:13.1.0", "libfabric.so.1", "libcxi.so.1", "libnccl-net.so");
        Path hostFabric = Files.writeString(host.resolve("libfabric.so.1"), "");
        SiteConfig site = siteWithArtifacts(hostFabric);

        BundleDraft d = apply(
                site,
                Map.of(
                        "com.hooks.netstack.source", "artifact",
                        "com.hooks.netstack.version", "26.05.1",
                        "com.hooks.netstack.name", "shs:13.1.0",
                        "com.hooks.aws_ofi_nccl.enabled", "true",
                        "com.hooks.aws_ofi_nccl.variant", "cuda-not-installed"));

        String real = artifact.toRealPath().toString();
        assertThat(d.mounts)
                .contains(
                        OciMount.bind(real, real, SiteEdits.BIND_OPTIONS),
                        OciMount.bind(
                                real + "/libfabric.so.1",
                                "/usr/lib/x86_64-linux-gnu/libfabric.so.1",
                                SiteEdits.BIND_OPTIONS),
                        OciMount.bind(
                                real + "/libnccl-net.so",
                                "/opt/hpcenv/hooks/aws_ofi_nccl/lib/libnccl-net.so",
                                SiteEdits.BIND_OPTIONS))
                .noneMatch(m -> m.source().equals(hostFabric.toString()));
        assertThat(d.mounts.stream().filter(m -> m.destination().equals(real)))
                .as("bound once")
                .hasSize(1);
    }

    static Stream<Arguments> unknownArtifacts() {
        return Stream.of(
                Arguments.of(
                        Map.of("com.hooks.netstack.version", "25.01.1"),
                        "unknown network stack artifact version \"25.01.1\" (com.hooks.netstack.version); available: 26.05.1"),
                Arguments.of(
                        Map.of("com.hooks.netstack.version", "26.05.1", "com.hooks.netstack.name", "nope"),
                        "unknown network stack artifact name \"nope\" (com.hooks.netstack.name) in version 26.05.1; available: shs:13.1.0"));
    }

    @ParameterizedTest
    @MethodSource("unknownArtifacts")
    void anUnknownArtifactIsAOneLineErrorListingThoseAvailable(Map<String, String> selection, String message)
            throws Exception {
        artifact("26.05.1", "shs:13.1.0", "libfabric.so.1");
        SiteConfig site = site(
                "artifacts = \"/opt/hpcenv/netstack\"",
                "artifacts = \"" + dir.resolve("netstack") + "\"\narch = \"x86_64\"");
        Map<String, String> annotations = new LinkedHashMap<>(selection);
        annotations.put("com.hooks.netstack.source", "artifact");

        assertThatThrownBy(() -> apply(site, annotations))
                .isInstanceOf(ShimException.class)
                .hasMessage(message)
                .satisfies(
                        e -> assertThat(((ShimException) e).hint()).contains("com.hooks.netstack.source = \"host\""));
    }

    @Test
    void anArtifactSourceOnASystemWithoutArtifactsSaysSo() throws Exception {
        SiteConfig site = site("artifacts = \"/opt/hpcenv/netstack\"\n", "");

        assertThatThrownBy(() -> apply(site, Map.of("com.hooks.netstack.source", "artifact")))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(
                        "this system has no network stack artifacts (hooks.netstack.artifacts is not set in shim.toml)");
    }

    @Test
    void theHostSourceLeavesTheHostLibrariesAlone() throws Exception {
        Path hostFabric = Files.writeString(host.resolve("libfabric.so.1"), "");
        SiteConfig site = site(
                "(?s)libraries = \\[\n  \"/usr/lib/x86_64-linux-gnu/libfabric.so.1\".*?\n]",
                "libraries = [\"" + hostFabric + "\"]");

        BundleDraft d = apply(site, Map.of("com.hooks.netstack.source", "host"));

        assertThat(d.mounts)
                .contains(OciMount.bind(
                        hostFabric.toString(), "/usr/lib/x86_64-linux-gnu/libfabric.so.1", SiteEdits.BIND_OPTIONS));
    }

    private Path artifact(String version, String name, String... files) throws Exception {
        Path d = Files.createDirectories(
                dir.resolve("netstack/x86_64").resolve(version).resolve(name));
        for (String f : files) {
            Files.writeString(d.resolve(f), "");
        }
        return d;
    }

    // The example site with this test's artifacts directory and cxi library.
    private SiteConfig siteWithArtifacts(Path hostFabric) throws Exception {
        return site(
                "(?s)libraries = \\[\n  \"/usr/lib/x86_64-linux-gnu/libfabric.so.1\".*?\n]",
                "libraries = [\"" + hostFabric + "\"]",
                "artifacts = \"/opt/hpcenv/netstack\"",
                "artifacts = \"" + dir.resolve("netstack") + "\"\narch = \"x86_64\"");
    }

    private SiteConfig site(String replace, String with) throws Exception {
        return ExampleSite.load(Files.createDirectories(dir.resolve("site")), replace, with);
    }

    private SiteConfig site(String replace1, String with1, String replace2, String with2) throws Exception {
        Path siteDir = Files.createDirectories(dir.resolve("site"));
        Path toml = ExampleSite.copy(siteDir, replace1, with1);
        String text = Files.readString(toml);
        if (!text.contains(replace2)) {
            throw new IllegalArgumentException("no " + replace2);
        }
        Files.writeString(toml, text.replace(replace2, with2));
        return new dev.hpcenv.shim.config.SiteConfigLoader(Map.of(), dev.hpcenv.shim.config.SiteConfigCache.disabled())
                .load(toml);
    }

    private BundleDraft apply(SiteConfig site, Map<String, String> annotations) {
        ResolvedEnvironment e = new ResolvedEnvironment();
        e.setAnnotations(new LinkedHashMap<>(annotations));
        BundleDraft d = new BundleDraft();
        d.rootfs = image;
        d.readonlyRoot = true;
        d.args.add("/usr/bin/app");
        d.env.put("PATH", "/usr/bin:/bin");
        d.env.put("HOME", "/home/alice");
        new HooksExtension(
                        HookPlanner.forSite(site.hooks(), false),
                        Map.of("SLURM_LOCALID", "0"),
                        new ContainerIdentity(false, 0, 0, List.of(), "root", "root", "/root"),
                        RecordingRunner.succeeding(),
                        dir.resolve("task/hooks"))
                .apply(e, d);
        return d;
    }
}
