package dev.hpcenv.shim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteConfigLoaderTest {
    @TempDir
    Path dir;

    private static final String FULL = """
            image_store = "${SCRATCH}/.edf_imagestore"
            runtime = "/usr/sbin/runc"
            insecure_registries = ["127.0.0.1:5000", "registry.local"]
            credentials = "/etc/hpcenv/credentials"
            runtime_dir = "/dev/shm"
            temp_dir = "/local/tmp"
            mount_mode = "fuse"
            tag_cache_seconds = 60
            [squashfs]
            compression = "zstd"
            level = 3
            block_size = "1M"
            [tools]
            skopeo = "/opt/bin/skopeo"
            """;

    @Test
    void readsEverySettingAndExpandsVariablesInTheCallersEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("shim.toml"), FULL);
        SiteConfig c = new SiteConfigLoader(Map.of("SCRATCH", "/scratch/alice"), SiteConfigCache.disabled()).load(file);
        assertThat(c.imageStore()).contains(Path.of("/scratch/alice/.edf_imagestore"));
        assertThat(c.runtime()).isEqualTo("/usr/sbin/runc");
        assertThat(c.insecureRegistries()).containsExactly("127.0.0.1:5000", "registry.local");
        assertThat(c.isInsecure("registry.local")).isTrue();
        assertThat(c.credentials()).contains(Path.of("/etc/hpcenv/credentials"));
        assertThat(c.runtimeDir()).isEqualTo(Path.of("/dev/shm"));
        assertThat(c.tempDir()).isEqualTo(Path.of("/local/tmp"));
        assertThat(c.mountMode()).isEqualTo(MountMode.FUSE);
        assertThat(c.tagCacheSeconds()).isEqualTo(60);
        assertThat(c.squashfs().mksquashfsArgs())
                .containsExactly("-comp", "zstd", "-Xcompression-level", "3", "-b", "1M");
        assertThat(c.tools().skopeo()).isEqualTo("/opt/bin/skopeo");
        assertThat(c.tools().umoci()).isEqualTo("umoci");
    }

    @Test
    void preservedDescriptorVariablesDefaultToPmiFdAndMustBeNames() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.toml"), "runtime = \"runc\"\n");
        assertThat(new SiteConfigLoader(Map.of(), SiteConfigCache.disabled())
                        .load(plain)
                        .preserveFdsEnv())
                .containsExactly("PMI_FD");
        Path two = Files.writeString(dir.resolve("two.toml"), "preserve_fds_env = [\"PMI_FD\", \"MY_FD\"]\n");
        assertThat(new SiteConfigLoader(Map.of(), SiteConfigCache.disabled())
                        .load(two)
                        .preserveFdsEnv())
                .containsExactly("PMI_FD", "MY_FD");
        Path bad = Files.writeString(dir.resolve("bad.toml"), "runtime = \"runc\"\npreserve_fds_env = [\"PMI FD\"]\n");
        assertThatThrownBy(() -> new SiteConfigLoader(Map.of(), SiteConfigCache.disabled()).load(bad))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("bad.toml:2: preserve_fds_env: 'PMI FD'");
    }

    @Test
    void theCachedParseGivesTheSameConfigurationAndFollowsChangesOfTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("shim.toml"), FULL);
        SiteConfigCache cache = new SiteConfigCache(
                dir.resolve("cache/site-config.properties"), new com.sun.security.auth.module.UnixSystem().getUid());
        Map<String, String> env = Map.of("SCRATCH", "/s");
        SiteConfig parsed = new SiteConfigLoader(env, cache).load(file);
        assertThat(dir.resolve("cache/site-config.properties")).exists();
        assertThat(new SiteConfigLoader(env, cache).load(file)).isEqualTo(parsed);
        assertThat(new SiteConfigLoader(Map.of("SCRATCH", "/other"), cache)
                        .load(file)
                        .imageStore())
                .as("variables are expanded per caller, not cached")
                .contains(Path.of("/other/.edf_imagestore"));
        Files.writeString(file, "runtime = \"/usr/bin/crun\"\ninsecure_registries = []\n");
        SiteConfig changed = new SiteConfigLoader(env, cache).load(file);
        assertThat(changed.runtime()).isEqualTo("/usr/bin/crun");
        assertThat(changed.insecureRegistries()).isEmpty();
    }

    @Test
    void mistakesNameTheFileLineAndKey() throws Exception {
        assertError("runtime = 5\n", "shim.toml:1: 'runtime' must be a string");
        assertError("\n\nimage_stor = \"/x\"\n", "shim.toml:3: unknown key 'image_stor'");
        assertError("[squashfs]\nlevel = \"one\"\n", "shim.toml:2: 'squashfs.level' must be a whole number");
        assertError("mount_mode = \"magic\"\n", "shim.toml:1: mount_mode: expected auto, fuse or kernel");
        assertError("image_store = \"${NOPE}/x\"\n", "shim.toml:1: 'image_store' uses ${NOPE}, which is not set");
        assertError("runtime = \"unterminated\n", "shim.toml:1:");
    }

    @Test
    void siteVariablesUseOnlyLoginVariablesAndServeTheOtherSettings() throws Exception {
        Path file = Files.writeString(dir.resolve("shim.toml"), """
                image_store = "${SCRATCH}/.edf_imagestore"
                progress = true
                [variables]
                SCRATCH = "/capstor/scratch/${USER}"
                PROJECT = "${HOME}/project"
                PLAIN = "/store"
                [mounts]
                deny = ["/", "/etc", "/root"]
                """);
        Map<String, String> login = Map.of("USER", "alice", "HOME", "/users/alice");
        SiteConfig c = new SiteConfigLoader(login, SiteConfigCache.disabled()).load(file);
        assertThat(c.variables())
                .containsExactly(
                        Map.entry("SCRATCH", "/capstor/scratch/alice"),
                        Map.entry("PROJECT", "/users/alice/project"),
                        Map.entry("PLAIN", "/store"));
        assertThat(c.imageStore()).contains(Path.of("/capstor/scratch/alice/.edf_imagestore"));
        assertThat(c.mountDeny()).containsExactly("/", "/etc", "/root");
        assertThat(c.progress()).contains(true);
        assertThat(new SiteConfigLoader(
                                Map.of("USER", "alice", "HOME", "/h", "SCRATCH", "/mine"), SiteConfigCache.disabled())
                        .load(file)
                        .imageStore())
                .as("the job's own SCRATCH wins over the site's")
                .contains(Path.of("/mine/.edf_imagestore"));
        assertThat(SiteConfig.defaults().mountDeny()).isEmpty();
        assertThat(SiteConfig.defaults().progress()).isEmpty();
    }

    @Test
    void siteVariableMistakesNameTheFileLineAndWhatIsAllowed() throws Exception {
        assertError(
                "[variables]\nSCRATCH = \"/s/${SLURM_JOB_ID}\"\n",
                "shim.toml:2: variables.SCRATCH uses ${SLURM_JOB_ID}, which a site variable cannot use");
        Path noUser =
                Files.writeString(dir.resolve("nouser.toml"), "[variables]\nSCRATCH = \"/s/${USER}\"\nA = \"/a\"\n");
        assertThat(new SiteConfigLoader(Map.of(), SiteConfigCache.disabled())
                        .load(noUser)
                        .variables())
                .as("without an account entry the variable stays undefined")
                .containsExactly(Map.entry("A", "/a"));
        assertError("[variables]\nSCRATCH = 5\n", "shim.toml:2: 'variables.SCRATCH' must be a string");
        assertError("[variables]\n\"A-B\" = \"x\"\n", "'variables.A-B': not a valid variable name");
        assertError("[mounts]\ndeny = [\"etc\"]\n", "shim.toml:2: 'mounts.deny[0]' must be an absolute path");
        assertError("[mounts]\nallow = [\"/x\"]\n", "shim.toml:2: unknown key 'mounts.allow'");
        assertError("progress = \"yes\"\n", "shim.toml:1: 'progress' must be true or false");
    }

    @Test
    void anOverrideThatDoesNotExistIsAnError() {
        assertThatThrownBy(() -> new SiteConfigLoader(
                                Map.of("HPCENV_SHIM_CONFIG", dir + "/none.toml"), SiteConfigCache.disabled())
                        .load())
                .hasMessageContaining("none.toml: file not found");
    }

    private void assertError(String toml, String text) throws Exception {
        Path file = Files.writeString(dir.resolve("shim.toml"), toml);
        assertThatThrownBy(() -> new SiteConfigLoader(Map.of(), SiteConfigCache.disabled()).load(file))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(text)
                // One line, as every refusal of a site configuration must be.
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
