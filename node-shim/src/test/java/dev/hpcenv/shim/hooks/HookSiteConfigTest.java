package dev.hpcenv.shim.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.config.HookSiteConfig;
import dev.hpcenv.shim.config.SiteConfigCache;
import dev.hpcenv.shim.config.SiteConfigLoader;
import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookSiteConfigTest {
    @TempDir
    Path dir;

    @Test
    void theExampleSiteConfigurationReadsIntoTypedPolicyAndSettings() throws Exception {
        HookSiteConfig h = ExampleSite.load(dir).hooks();
        assertThat(h.dir()).contains(dir.resolve("hooks.d"));
        assertThat(h.timeoutSeconds()).isEqualTo(60);
        assertThat(h.defaults()).containsEntry("com.hooks.cxi.enabled", "true");
        assertThat(h.aliases())
                .containsEntry("com.hooks.cxi.enable", "com.hooks.cxi.enabled")
                .containsEntry("com.hooks.ofi_nccl.version", "com.hooks.aws_ofi_nccl.variant");
        assertThat(h.implications())
                .containsExactly(new HookSiteConfig.Implication(
                        "com.hooks.aws_ofi_nccl.enabled", "true", Map.of("com.hooks.cxi.enabled", "true")));
        assertThat(h.settings("cxi").libraries()).startsWith("/usr/lib/x86_64-linux-gnu/libfabric.so.1");
        assertThat(h.settings("cxi").prependEnv()).containsEntry("LD_LIBRARY_PATH", "/opt/hpcenv/hooks/cxi/lib");
        assertThat(h.settings("aws_ofi_nccl").variants()).containsKeys("cuda12", "cuda13", "cuda-dl", "rocm5", "rocm6");
        assertThat(h.settings("netstack").setting("artifacts")).contains("/opt/hpcenv/netstack");
        assertThat(h.settings("dcgm").libraries()).containsExactly("/usr/lib/x86_64-linux-gnu/libdcgm.so.3");
        assertThat(h.settings("aws_ofi_nccl").env()).containsEntry("NCCL_NET", "AWS Libfabric");
        assertThat(h.settings("ssh").setting("port")).contains("15263");
        assertThat(h.settings("slurm").binds()).contains("/etc/slurm", "/run/munge");
    }

    @Test
    void theParsedPolicySurvivesThePerUserCache() throws Exception {
        Path toml = ExampleSite.copy(dir, null, null);
        Path cacheDir = Files.createDirectory(dir.resolve("cache"));
        long uid = ((Number) Files.getAttribute(cacheDir, "unix:uid")).longValue();
        SiteConfigCache cache = new SiteConfigCache(cacheDir.resolve("c.properties"), uid);
        HookSiteConfig parsed = new SiteConfigLoader(Map.of(), cache).load(toml).hooks();
        assertThat(cacheDir.resolve("c.properties")).exists();
        HookSiteConfig cached = new SiteConfigLoader(Map.of(), cache).load(toml).hooks();
        assertThat(cached).isEqualTo(parsed);
    }

    @Test
    void unquotedDottedAnnotationNamesAreTakenWhole() throws Exception {
        Path f = Files.writeString(dir.resolve("s.toml"), "[annotations.defaults]\ncom.hooks.cxi.enabled = \"true\"\n");
        assertThat(new SiteConfigLoader(Map.of(), SiteConfigCache.disabled())
                        .load(f)
                        .hooks()
                        .defaults())
                .containsExactly(Map.entry("com.hooks.cxi.enabled", "true"));
    }

    @Test
    void mistakesNameFileLineAndKey() throws Exception {
        Path f = Files.writeString(dir.resolve("s.toml"), "[hooks.cxi]\nlibraries = \"/x\"\n");
        assertThatThrownBy(() -> new SiteConfigLoader(Map.of(), SiteConfigCache.disabled()).load(f))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(f + ":2: 'hooks.cxi.libraries' must be an array");
        Path g = Files.writeString(dir.resolve("g.toml"), "[hooks.cxi]\nlibrary = [\"/x\"]\n");
        assertThatThrownBy(() -> new SiteConfigLoader(Map.of(), SiteConfigCache.disabled()).load(g))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(g + ":2: unknown key 'hooks.cxi.library'");
        Path r = Files.writeString(dir.resolve("r.toml"), "[annotations]\ndeny = [\"^run(\"]\n");
        assertThatThrownBy(() -> new SiteConfigLoader(Map.of(), SiteConfigCache.disabled()).load(r))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(r + ":2: 'annotations.deny' has an invalid regular expression");
        Path n = Files.writeString(dir.resolve("n.toml"), "[hooks.netstack]\nartifacts = \"netstack\"\n");
        assertThatThrownBy(() -> new SiteConfigLoader(Map.of(), SiteConfigCache.disabled()).load(n))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(n + ":2: 'hooks.netstack.artifacts' must be an absolute directory");
        Path p = Files.writeString(dir.resolve("p.toml"), "[hooks.ssh]\nport = 70000\n");
        assertThatThrownBy(() -> new SiteConfigLoader(Map.of(), SiteConfigCache.disabled()).load(p))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(p + ":2: 'hooks.ssh.port' must be a TCP port, 1 to 65535");
        Path i = Files.writeString(dir.resolve("i.toml"), "[annotations.implies]\n\"a.b\" = [\"c=d\"]\n");
        assertThatThrownBy(() -> new SiteConfigLoader(Map.of(), SiteConfigCache.disabled()).load(i))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("must be written \"ANNOTATION=VALUE\"");
    }
}
