package dev.hpcenv.shim.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.json.LightJson;
import dev.hpcenv.shim.support.Processes;
import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimResult;
import dev.hpcenv.shim.support.ShimSite;
import dev.hpcenv.shim.support.ShimTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An environment's {@code devices} through runc, as root and as the test user: a CDI spec in the
 * site's spec directory puts the node's /dev/zero at another path, binds a directory and sets a
 * variable; a device path the site lists is opened in the container; an unknown CDI name stops the
 * run with one line naming the EDF's file and line, before any container or mount exists.
 */
@ShimIntegration
class DevicesIT {
    private static final String SPEC = """
            cdiVersion: 0.6.0
            kind: hpcenv.test/dev
            devices:
              - name: zero
                containerEdits:
                  deviceNodes:
                    - path: /opt/hpcenv-dev/zero0
                      hostPath: /dev/zero
            containerEdits:
              env:
                - HPCENV_CDI=from-the-spec
              mounts:
                - hostPath: DATA
                  containerPath: /opt/hpcenv-cdi-data
                  options: [ro, nosuid, nodev, bind]
            """;

    /** The spec directory (a YAML spec beside a broken JSON one, which hides nothing) and the site's [devices]. */
    private static String siteToml(ShimTestEnv env) throws Exception {
        Path cdi = Files.createTempDirectory(env.base, "cdi-");
        Path data = Files.createDirectories(cdi.resolve("data"));
        Files.writeString(data.resolve("hello"), "hello from the node\n");
        Path specs = Files.createDirectories(cdi.resolve("specs"));
        Files.writeString(specs.resolve("hpcenv-test.yaml"), SPEC.replace("DATA", data.toString()));
        Files.writeString(specs.resolve("broken.json"), "{\"cdiVersion\": \"0.6.0\"");
        Processes.runOk(List.of("chmod", "-R", "a+rX", cdi.toString()), null);
        return "[devices]\ncdi_spec_dirs = [\"" + cdi.resolve("missing") + "\", \"" + specs + "\"]\n"
                + "allowed_paths = [\"/dev/fuse\"]\n";
    }

    @ParameterizedTest(name = "as user: {0}")
    @ValueSource(booleans = {false, true})
    void theContainerSeesTheCdiDeviceMountAndEnvAndTheListedDevicePath(boolean asUser) throws Exception {
        // Given
        ShimTestEnv env = ShimTestEnv.get();
        try (ShimSite site = ShimSite.create(env, asUser, siteToml(env))) {
            Path edf = site.work().resolve("cdi.toml");
            Files.writeString(
                    edf,
                    "image = \"" + env.registry.address() + "#test/busybox:1\"\n"
                            + "devices = [\"hpcenv.test/dev=all\", \"/dev/fuse\"]\n");
            site.own(edf);

            // When
            ShimResult r = site.run(
                    "run",
                    "--environment",
                    "./cdi.toml",
                    "--",
                    "sh",
                    "-c",
                    "head -c 4 /opt/hpcenv-dev/zero0 | od -An -tx1; cat /opt/hpcenv-cdi-data/hello;"
                            + " echo env=$HPCENV_CDI; dd if=/dev/fuse of=/dev/null count=0 2>/dev/null && echo fuse-opened");

            // Then
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout().lines().map(String::strip).toList())
                    .as(r.toString())
                    .containsExactly("00 00 00 00", "hello from the node", "env=from-the-spec", "fuse-opened");
            assertThat(r.stderr())
                    .as("the broken spec beside it is the site's to know")
                    .contains("broken.json");
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @ParameterizedTest(name = "as user: {0}")
    @ValueSource(booleans = {false, true})
    void anUnknownCdiNameIsOneLineNamingTheFileAndLineAndLeavesNothing(boolean asUser) throws Exception {
        // Given
        ShimTestEnv env = ShimTestEnv.get();
        try (ShimSite site = ShimSite.create(env, asUser, siteToml(env))) {
            Path edf = site.work().resolve("typo.toml");
            Files.writeString(
                    edf,
                    "image = \"" + env.registry.address() + "#test/busybox:1\"\n\n"
                            + "devices = [\"/dev/fuse\", \"hpcenv.test/dev=zer0\"]\n");
            site.own(edf);

            // When
            ShimResult r = site.run("run", "--environment", "./typo.toml", "--", "true");
            ShimResult explained = site.run("hooks", "--environment", "./typo.toml");

            // Then
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(126);
            assertThat(r.stderr().strip())
                    .as(r.toString())
                    .startsWith("hpcenv-shim: ./typo.toml:3: devices[1]: unknown CDI device hpcenv.test/dev=zer0;"
                            + " known: hpcenv.test/dev (all, zero) (hint: the site's CDI specifications are read from ")
                    .contains("broken.json")
                    .doesNotContain("\n");
            assertThat(site.leftovers()).isEmpty();
            assertThat(explained.exitCode()).as(explained.toString()).isZero();
            List<?> devices = (List<?>) LightJson.member(LightJson.parse(explained.stdout()), "devices");
            assertThat(devices).hasSize(2);
            assertThat(LightJson.strings(devices.get(0), "resolvesTo")).containsExactly("/dev/fuse");
            assertThat(LightJson.string(devices.get(1), "error")).contains("unknown CDI device hpcenv.test/dev=zer0");
        }
    }
}
