package dev.hpcenv.shim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

class DeviceSectionTest {
    @TempDir
    Path dir;

    private SiteConfig load(String toml) throws Exception {
        Path file = Files.writeString(dir.resolve("shim.toml"), toml);
        return new SiteConfigLoader(Map.of(), SiteConfigCache.disabled()).load(file);
    }

    @Test
    void defaultsAreTheCdiDirectoriesEveryKindAndNoPath() throws Exception {
        DeviceSiteConfig d = load("runtime = \"runc\"\n").devices();
        assertThat(d.cdiSpecDirs()).containsExactly(Path.of("/etc/cdi"), Path.of("/var/run/cdi"));
        assertThat(d.allowedCdi()).isEmpty();
        assertThat(d.allowedPaths()).isEmpty();
        assertThat(SiteConfig.defaults().devices()).isEqualTo(DeviceSiteConfig.DEFAULT);
    }

    @Test
    void readsTheDevicesSection() throws Exception {
        DeviceSiteConfig d = load("""
                [devices]
                cdi_spec_dirs = ["/etc/cdi", "/run/site-cdi"]
                allowed_cdi = ["nvidia.com/gpu", "hpe.com/*"]
                allowed_paths = ["/dev/gdrdrv", "/dev/infiniband/*"]
                """).devices();
        assertThat(d.cdiSpecDirs()).containsExactly(Path.of("/etc/cdi"), Path.of("/run/site-cdi"));
        assertThat(d.allowedCdi()).contains(List.of("nvidia.com/gpu", "hpe.com/*"));
        assertThat(d.allowedPaths()).containsExactly("/dev/gdrdrv", "/dev/infiniband/*");
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> mistakes() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(
                        "[devices]\ncdi_dirs = []", ":2: unknown key 'devices.cdi_dirs'"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "[devices]\ncdi_spec_dirs = \"/etc/cdi\"",
                        ":2: 'devices.cdi_spec_dirs' must be an array of strings"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "[devices]\ncdi_spec_dirs = [\"etc/cdi\"]",
                        ":2: 'devices.cdi_spec_dirs[0]' 'etc/cdi' must be an absolute path"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "[devices]\nallowed_cdi = [\"nvidia\"]",
                        ":2: 'devices.allowed_cdi[0]' 'nvidia' must be vendor.com/class, vendor.com/* or *"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "[devices]\nallowed_paths = [1]", ":2: 'devices.allowed_paths[0]' must be a string"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "devices = 1", ":1: 'devices' must be a table ([devices])"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("mistakes")
    void mistakesNameTheFileLineAndKey(String toml, String expected) {
        assertThatThrownBy(() -> load(toml))
                .isInstanceOf(ShimException.class)
                .hasMessageStartingWith(dir.resolve("shim.toml").toString())
                .hasMessageContaining(expected);
    }
}
