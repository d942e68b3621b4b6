package dev.hpcenv.shim.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.ContainerIdentity;
import dev.hpcenv.shim.bundle.HookStage;
import dev.hpcenv.shim.bundle.OciHook;
import dev.hpcenv.shim.bundle.OciMount;
import dev.hpcenv.shim.config.SiteConfig;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.support.RecordingRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each hook puts into the bundle, against a fake image tree and the example site (host paths stubbed). */
class HooksExtensionTest {
    @TempDir
    Path dir;

    Path image;
    Path host;
    RecordingRunner runner = RecordingRunner.succeeding();

    @BeforeEach
    void glibcImage() throws Exception {
        image = FakeGlibcImage.create(dir, "etc/ld.so.conf.d/x86_64-linux-gnu.conf");
        host = Files.createDirectories(dir.resolve("host"));
    }

    private SiteConfig site(String replace, String with) throws Exception {
        return ExampleSite.load(Files.createDirectories(dir.resolve("site")), replace, with);
    }

    private BundleDraft draft(Map<String, String> env) {
        BundleDraft d = new BundleDraft();
        d.rootfs = image;
        d.readonlyRoot = true;
        d.args.add("/usr/bin/app");
        d.env.put("PATH", "/usr/bin:/bin");
        d.env.put("HOME", "/home/alice");
        d.env.putAll(env);
        d.annotations.put("org.hpcenv.writable", "false");
        return d;
    }

    private BundleDraft apply(SiteConfig site, Map<String, String> annotations, Map<String, String> env) {
        ResolvedEnvironment e = new ResolvedEnvironment();
        e.setAnnotations(new LinkedHashMap<>(annotations));
        BundleDraft d = draft(env);
        new HooksExtension(
                        HookPlanner.forSite(site.hooks(), false),
                        Map.of("SLURM_LOCALID", "0"),
                        new ContainerIdentity(false, 0, 0, List.of(), "root", "root", "/root"),
                        runner,
                        dir.resolve("task/hooks"))
                .apply(e, d);
        return d;
    }

    private Path hostLib(String name) throws Exception {
        return Files.writeString(host.resolve(name), "");
    }

    private static List<String> targets(BundleDraft d) {
        return d.mounts.stream().map(OciMount::destination).toList();
    }

    @Test
    void cxiBindsTheHostLibfabricOverTheImagesAndRefreshesTheCacheInside() throws Exception {
        Path fabric = hostLib("libfabric.so.1");
        Path verbs = hostLib("libibverbs.so.1");
        SiteConfig site = site(
                "(?s)libraries = \\[\n  \"/usr/lib/x86_64-linux-gnu/libfabric.so.1\".*?\n]",
                "libraries = [\"" + fabric + "\", \"" + verbs + "\"]");
        BundleDraft d = apply(site, Map.of(), Map.of("LD_LIBRARY_PATH", "/image/lib"));
        assertThat(d.mounts)
                .contains(
                        OciMount.bind(
                                fabric.toString(), "/opt/hpcenv/hooks/cxi/lib/libfabric.so.1", SiteEdits.BIND_OPTIONS),
                        OciMount.bind(
                                fabric.toString(), "/usr/lib/x86_64-linux-gnu/libfabric.so.1", SiteEdits.BIND_OPTIONS),
                        OciMount.bind(
                                verbs.toString(), "/opt/hpcenv/hooks/cxi/lib/libibverbs.so.1", SiteEdits.BIND_OPTIONS));
        assertThat(targets(d))
                .as("libibverbs is not in the image: nothing to replace there")
                .doesNotContain("/usr/lib/x86_64-linux-gnu/libibverbs.so.1")
                .contains("/etc/ld.so.conf.d/00-hpcenv-cxi.conf");
        assertThat(dir.resolve("task/hooks/cxi.ld.so.conf")).hasContent("/opt/hpcenv/hooks/cxi/lib");
        assertThat(d.hooks.get(HookStage.startContainer))
                .containsExactly(new OciHook("/sbin/ldconfig", List.of("ldconfig"), List.of(), 60));
        assertThat(d.readonlyRoot).as("ldconfig writes /etc/ld.so.cache").isFalse();
        assertThat(d.env)
                .containsEntry("FI_CXI_RX_MATCH_MODE", "software")
                .containsEntry("LD_LIBRARY_PATH", "/opt/hpcenv/hooks/cxi/lib:/image/lib");
        assertThat(d.annotations)
                .containsEntry("com.hooks.cxi.enabled", "true")
                .containsEntry("org.hpcenv.writable", "false");
    }

    @Test
    void cxiOnAMuslImageNamesTheAnnotationThatTurnsItOff() throws Exception {
        Files.delete(image.resolve("usr/lib/x86_64-linux-gnu/libc.so.6"));
        assertThatThrownBy(() -> apply(site(null, null), Map.of(), Map.of()))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("hook cxi")
                .hasMessageContaining("no glibc")
                .satisfies(e -> assertThat(((ShimException) e).hint()).contains("com.hooks.cxi.enabled = \"false\""));
        assertThat(apply(site(null, null), Map.of("com.hooks.cxi.enabled", "false"), Map.of()).mounts)
                .isEmpty();
    }

    @Test
    void awsOfiNcclBindsTheChosenVariantSetsNcclVariablesAndEnablesCxi() throws Exception {
        Path cuda12 = Files.createDirectories(host.resolve("aws/cuda12"));
        SiteConfig site = site("cuda12 = \"/opt/aws-ofi-nccl/cuda12\"", "cuda12 = \"" + cuda12 + "\"");
        Files.delete(image.resolve("usr/lib/x86_64-linux-gnu/libc.so.6"));
        BundleDraft d = apply(
                site,
                Map.of(
                        "com.hooks.aws_ofi_nccl.enabled",
                        "true",
                        "com.hooks.ofi_nccl.version",
                        "cuda12",
                        "com.hooks.cxi.enabled",
                        "false"),
                Map.of());
        assertThat(d.mounts)
                .contains(OciMount.bind(cuda12.toString(), "/opt/hpcenv/hooks/aws_ofi_nccl", SiteEdits.BIND_OPTIONS));
        assertThat(d.env)
                .containsEntry("NCCL_NET", "AWS Libfabric")
                .containsEntry("FI_CXI_RDZV_PROTO", "alt_read")
                .containsEntry("LD_LIBRARY_PATH", "/opt/hpcenv/hooks/aws_ofi_nccl/lib");

        assertThatThrownBy(() -> apply(
                        site,
                        Map.of(
                                "com.hooks.aws_ofi_nccl.enabled",
                                "true",
                                "com.hooks.aws_ofi_nccl.variant",
                                "cuda99",
                                "com.hooks.cxi.enabled",
                                "false"),
                        Map.of()))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("unknown com.hooks.aws_ofi_nccl.variant \"cuda99\"")
                .satisfies(
                        e -> assertThat(((ShimException) e).hint()).contains("cuda-dl, cuda12, cuda13, rocm5, rocm6"));
    }

    @Test
    void mpiReplacesAnAbiCompatibleLibraryAndRefusesOtherwise() throws Exception {
        Path lib = hostLib("libmpich.so.12.2.2");
        Path link = Files.createSymbolicLink(host.resolve("libmpich.so.12"), lib.getFileName());
        SiteConfig site =
                site("libraries = [\"/usr/lib/x86_64-linux-gnu/libmpich.so.12\"]", "libraries = [\"" + link + "\"]");
        Map<String, String> on = Map.of("com.hooks.mpi.enabled", "true", "com.hooks.cxi.enabled", "false");

        assertThatThrownBy(() -> apply(site, on, Map.of()))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("the image has no libmpich.so.12");

        Path imageLib = Files.writeString(image.resolve("usr/lib/x86_64-linux-gnu/libmpich.so.12.3.0"), "");
        Files.createSymbolicLink(image.resolve("usr/lib/x86_64-linux-gnu/libmpich.so.12"), imageLib.getFileName());
        assertThatThrownBy(() -> apply(site, on, Map.of()))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("host libmpich.so.12 is version 2.2, older than the image's 3.0");

        Files.delete(image.resolve("usr/lib/x86_64-linux-gnu/libmpich.so.12"));
        Files.delete(imageLib);
        Path older = Files.writeString(image.resolve("usr/lib/x86_64-linux-gnu/libmpich.so.12.1.10"), "");
        Files.createSymbolicLink(image.resolve("usr/lib/x86_64-linux-gnu/libmpich.so.12"), older.getFileName());
        BundleDraft d = apply(site, on, Map.of());
        assertThat(d.mounts)
                .as("over the file the image's soname link points at, once")
                .containsOnlyOnce(OciMount.bind(
                        link.toString(), "/usr/lib/x86_64-linux-gnu/libmpich.so.12.1.10", SiteEdits.BIND_OPTIONS));
        assertThat(d.hooks.get(HookStage.startContainer))
                .extracting(OciHook::path)
                .containsExactly("/sbin/ldconfig");
    }

    @Test
    void sshMakesAHostKeyAuthorisesTheKeyFileAndStartsAndStopsDropbear() throws Exception {
        Path dropbear = hostLib("dropbear");
        dropbear.toFile().setExecutable(true);
        SiteConfig site = site("dropbear = \"/usr/sbin/dropbear\"", "dropbear = \"" + dropbear + "\"");
        Path key = Files.writeString(dir.resolve("id.pub"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx alice@laptop\n");
        BundleDraft d = apply(
                site,
                Map.of(
                        "com.hooks.ssh.enabled",
                        "true",
                        "com.hooks.ssh.authorize_ssh_key",
                        key.toString(),
                        "com.hooks.ssh.port",
                        "2222",
                        "com.hooks.cxi.enabled",
                        "false"),
                Map.of());
        Path sshDir = dir.resolve("task/hooks/ssh");
        assertThat(runner.commands)
                .containsExactly(List.of(
                        "/usr/bin/dropbearkey",
                        "-t",
                        "ed25519",
                        "-f",
                        sshDir.resolve("host_key").toString()));
        assertThat(sshDir.resolve("authorized_keys"))
                .hasContent("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx alice@laptop");
        assertThat(targets(d)).contains("/home/alice/.ssh/authorized_keys", "/opt/hpcenv/hooks/ssh/dropbear");
        assertThat(d.hooks.get(HookStage.startContainer)).singleElement().satisfies(h -> {
            assertThat(h.path()).isEqualTo("/bin/sh");
            assertThat(h.args())
                    .containsSequence("/opt/hpcenv/hooks/ssh/dropbear", "-s")
                    .containsSequence("-p", "2222");
        });
        assertThat(d.hooks.get(HookStage.poststop))
                .singleElement()
                .isEqualTo(new OciHook(
                        "/usr/bin/pkill",
                        List.of("pkill", "-F", sshDir.resolve("dropbear.pid").toString()),
                        List.of(),
                        60));

        Path priv =
                Files.writeString(dir.resolve("id"), "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n");
        assertThatThrownBy(() -> apply(
                        site,
                        Map.of(
                                "com.hooks.ssh.enabled",
                                "true",
                                "com.hooks.ssh.authorize_ssh_key",
                                priv.toString(),
                                "com.hooks.cxi.enabled",
                                "false"),
                        Map.of()))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("does not hold OpenSSH public keys")
                .hasMessageNotContaining("b3BlbnNzaC1");
    }

    @Test
    void gpuAccessOnlyWithVisibleDevicesAndAClearMessageWithoutToolkit() throws Exception {
        SiteConfig site = site("cdi_dir = \"/etc/cdi\"", "cdi_dir = \"" + dir.resolve("cdi") + "\"");
        Map<String, String> off = Map.of("com.hooks.cxi.enabled", "false");
        assertThat(apply(site, off, Map.of()).hooks).isEmpty();
        assertThat(apply(site, off, Map.of("NVIDIA_VISIBLE_DEVICES", "void")).hooks)
                .isEmpty();
        assertThatThrownBy(() -> apply(site, off, Map.of("NVIDIA_VISIBLE_DEVICES", "all")))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("GPU access was requested (NVIDIA_VISIBLE_DEVICES=all)")
                .hasMessageContaining("neither a CDI specification");
    }

    @Test
    void gpuAccessThroughACdiSpecification() throws Exception {
        // The shim checks what a spec names exists on the node: stand-ins that do here.
        Path cuda = hostLib("libcuda.so.1");
        Path hook = Files.writeString(dir.resolve("nvidia-cdi-hook"), "#!/bin/sh\n");
        hook.toFile().setExecutable(true);
        Path cdi = Files.createDirectories(dir.resolve("cdi"));
        Files.writeString(
                cdi.resolve("nvidia.json"), """
                {"cdiVersion": "0.6.0", "kind": "nvidia.com/gpu",
                 "devices": [{"name": "0", "containerEdits": {"deviceNodes": [{"path": "/dev/null"}]}},
                             {"name": "1", "containerEdits": {"deviceNodes": [{"path": "/dev/zero"}]}}],
                 "containerEdits": {"env": ["NVIDIA_VISIBLE_DEVICES=void"],
                   "mounts": [{"hostPath": "CUDA", "containerPath": "/usr/lib/libcuda.so.1",
                               "options": ["ro", "nosuid", "nodev", "bind"]}],
                   "hooks": [{"hookName": "createContainer", "path": "HOOK",
                              "args": ["nvidia-cdi-hook", "update-ldcache"]}]}}
                """.replace("CUDA", cuda.toString()).replace("HOOK", hook.toString()));
        SiteConfig site = site("cdi_dir = \"/etc/cdi\"", "cdi_dir = \"" + cdi + "\"");
        BundleDraft d = apply(site, Map.of("com.hooks.cxi.enabled", "false"), Map.of("NVIDIA_VISIBLE_DEVICES", "1"));
        assertThat(targets(d)).containsExactly("/usr/lib/libcuda.so.1");
        assertThat(d.hooks.get(HookStage.createContainer))
                .extracting(OciHook::path)
                .containsExactly(hook.toString());
        assertThat(d.devices).extracting(dev.hpcenv.shim.bundle.OciDevice::path).containsExactly("/dev/zero");
        assertThatThrownBy(() ->
                        apply(site, Map.of("com.hooks.cxi.enabled", "false"), Map.of("NVIDIA_VISIBLE_DEVICES", "7")))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(
                        "NVIDIA_VISIBLE_DEVICES=7: unknown CDI device nvidia.com/gpu=7; known: nvidia.com/gpu (all, 0, 1)");
    }

    @Test
    void cudaMpsGivesDaemonAndContainerOnePrivatePipeDirectory() throws Exception {
        Path control = hostLib("nvidia-cuda-mps-control");
        Path helper = hostLib("hpcenv-cuda-mps");
        control.toFile().setExecutable(true);
        helper.toFile().setExecutable(true);
        SiteConfig site = site(
                "mps_control = \"/usr/bin/nvidia-cuda-mps-control\"\nmps_hook = \"/usr/libexec/hpcenv/hpcenv-cuda-mps\"",
                "mps_control = \"" + control + "\"\nmps_hook = \"" + helper + "\"");
        BundleDraft d = apply(
                site, Map.of("com.hooks.nvidia_cuda_mps.enabled", "true", "com.hooks.cxi.enabled", "false"), Map.of());
        assertThat(d.env).containsEntry("CUDA_MPS_PIPE_DIRECTORY", "/run/hpcenv/mps/pipe");
        Path pipe = dir.resolve("task/hooks/mps/pipe");
        assertThat(pipe).isDirectory();
        assertThat(d.hooks.get(HookStage.createRuntime)).singleElement().satisfies(h -> {
            assertThat(h.args()).containsExactly("hpcenv-cuda-mps", "start");
            assertThat(h.env()).contains("CUDA_MPS_PIPE_DIRECTORY=" + pipe, "MPS_CONTROL=" + control);
        });
        assertThat(d.hooks.get(HookStage.poststop))
                .extracting(OciHook::args)
                .containsExactly(List.of("hpcenv-cuda-mps", "stop"));

        SiteConfig missing = site(null, null);
        assertThatThrownBy(() -> apply(
                        missing,
                        Map.of("com.hooks.nvidia_cuda_mps.enabled", "true", "com.hooks.cxi.enabled", "false"),
                        Map.of()))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(
                        "CUDA MPS was requested but /usr/bin/nvidia-cuda-mps-control is not on this node");
    }

    @Test
    void slurmAndPmixBindWhatExistsAndPassTheirVariables() throws Exception {
        Path conf = Files.writeString(
                Files.createDirectories(host.resolve("slurm-etc")).resolve("slurm.conf"), "");
        Path pmixDir = Files.createDirectories(host.resolve("pmix-srv"));
        SiteConfig site = site(null, null);
        ResolvedEnvironment e = new ResolvedEnvironment();
        e.setAnnotations(Map.of(
                "com.hooks.slurm.enabled", "true", "com.hooks.pmix.enabled", "true", "com.hooks.cxi.enabled", "false"));
        BundleDraft d = draft(Map.of());
        new HooksExtension(
                        HookPlanner.forSite(site.hooks(), false),
                        Map.of(
                                "SLURM_CONF",
                                conf.toString(),
                                "PMIX_SERVER_TMPDIR",
                                pmixDir.toString(),
                                "PMIX_RANK",
                                "1"),
                        new ContainerIdentity(false, 0, 0, List.of(), "root", "root", "/root"),
                        runner,
                        dir.resolve("task/hooks"))
                .apply(e, d);
        assertThat(targets(d)).contains("/usr/bin/squeue", conf.getParent().toString(), pmixDir.toString());
        assertThat(d.env)
                .containsEntry("SLURM_CONF", conf.toString())
                .containsEntry("PMIX_RANK", "1")
                .containsEntry("PMIX_MCA_psec", "native");
    }

    @Test
    void aRefusedAnnotationStopsTheRun() throws Exception {
        assertThatThrownBy(() -> apply(site(null, null), Map.of("run.oci.hooks.stdout", "/tmp/x"), Map.of()))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(
                        "annotation run.oci.hooks.stdout: users may not set annotations matching '^run\\.oci\\.'");
    }
}
