package dev.hpcenv.shim.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.config.HookSiteConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationPolicyTest {
    @TempDir
    Path dir;

    private EffectiveAnnotations apply(Map<String, String> user) throws Exception {
        HookSiteConfig site = ExampleSite.load(dir).hooks();
        return new AnnotationPolicy(site).apply(new LinkedHashMap<>(user));
    }

    @Test
    void defaultsApplyUnlessTheUserSaysOtherwise() throws Exception {
        assertThat(apply(Map.of()).annotations()).containsEntry("com.hooks.cxi.enabled", "true");
        assertThat(apply(Map.of("com.hooks.cxi.enabled", "false")).annotations())
                .containsEntry("com.hooks.cxi.enabled", "false");
    }

    @Test
    void thePapersSpellingsAreAliases() throws Exception {
        EffectiveAnnotations e = apply(Map.of("com.hooks.cxi.enable", "false", "com.hooks.ofi_nccl.version", "cuda12"));
        assertThat(e.annotations())
                .containsEntry("com.hooks.cxi.enabled", "false")
                .containsEntry("com.hooks.aws_ofi_nccl.variant", "cuda12")
                .doesNotContainKeys("com.hooks.cxi.enable", "com.hooks.ofi_nccl.version");
        assertThat(e.rejected()).isEmpty();
    }

    @Test
    void anAliasThatContradictsTheCanonicalNameIsRejected() throws Exception {
        EffectiveAnnotations e = apply(Map.of("com.hooks.cxi.enabled", "true", "com.hooks.cxi.enable", "false"));
        assertThat(e.rejected()).extracting(RejectedAnnotation::annotation).containsExactly("com.hooks.cxi.enable");
    }

    @Test
    void implicationsOverrideDefaultsButNeverTheUser() throws Exception {
        HookSiteConfig site = ExampleSite.load(dir, "\"com.hooks.cxi.enabled\" = \"true\"\n", "")
                .hooks();
        assertThat(new AnnotationPolicy(site)
                        .apply(Map.of("com.hooks.aws_ofi_nccl.enabled", "true"))
                        .annotations())
                .containsEntry("com.hooks.cxi.enabled", "true");
        assertThat(new AnnotationPolicy(site).apply(Map.of()).annotations()).doesNotContainKey("com.hooks.cxi.enabled");
        assertThat(new AnnotationPolicy(site)
                        .apply(Map.of("com.hooks.aws_ofi_nccl.enabled", "true", "com.hooks.cxi.enabled", "false"))
                        .annotations())
                .containsEntry("com.hooks.cxi.enabled", "false");
    }

    @Test
    void runtimeAndSiteOwnedAnnotationsAreRejectedWithTheRule() throws Exception {
        EffectiveAnnotations e = apply(Map.of(
                "run.oci.hooks.stdout",
                "/tmp/x",
                "org.hpcenv.writable",
                "true",
                "io.kubernetes.cri-o.Devices",
                "x",
                "com.example.mine",
                "ok"));
        assertThat(e.rejected())
                .extracting(RejectedAnnotation::annotation)
                .containsExactlyInAnyOrder(
                        "run.oci.hooks.stdout", "org.hpcenv.writable", "io.kubernetes.cri-o.Devices");
        assertThat(e.rejected())
                .allSatisfy(r -> assertThat(r.reason()).contains("users may not set annotations matching"));
        assertThat(e.annotations()).containsEntry("com.example.mine", "ok").doesNotContainKey("run.oci.hooks.stdout");
    }

    @Test
    void theSshKeyMustBeAPathNotTheKey() throws Exception {
        EffectiveAnnotations e = apply(Map.of("com.hooks.ssh.authorize_ssh_key", "ssh-ed25519 AAAAC3Nza alice@laptop"));
        assertThat(e.rejected()).singleElement().satisfies(r -> {
            assertThat(r.annotation()).isEqualTo("com.hooks.ssh.authorize_ssh_key");
            assertThat(r.reason()).contains("absolute path", "not the key itself");
        });
        assertThat(apply(Map.of("com.hooks.ssh.authorize_ssh_key", "/home/alice/.ssh/id_ed25519.pub"))
                        .rejected())
                .isEmpty();
        assertThat(apply(Map.of("com.hooks.ssh.port", "99999")).rejected()).hasSize(1);
    }
}
