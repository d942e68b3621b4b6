package dev.hpcenv.shim.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeviceResolverTest {
    static final String WHERE = "/home/alice/.edf/pytorch.toml:7: devices[0]";

    @TempDir
    Path dir;

    Path etc;
    Path run;

    @BeforeEach
    void specs() throws Exception {
        etc = dir.resolve("etc-cdi");
        run = dir.resolve("run-cdi");
        CdiFixtures.spec(etc, "nvidia.json", "nvidia.com/gpu", "0", "1");
        CdiFixtures.spec(etc, "cxi.json", "hpe.com/cxi", "all");
        Files.writeString(etc.resolve("broken.json"), "{\"cdiVersion\": \"0.6.0\"");
    }

    private DeviceResolver resolver(DevicePolicy policy) {
        return new DeviceResolver(List.of(etc, run), policy, SpecTrust.ANY);
    }

    static Stream<Arguments> refusals() {
        DevicePolicy open = DevicePolicy.DEFAULT;
        DevicePolicy paths =
                new DevicePolicy(Optional.empty(), List.of("/dev/null", "/dev/std*"), "/etc/hpcenv/shim.toml");
        DevicePolicy onlyGpus =
                new DevicePolicy(Optional.of(List.of("nvidia.com/gpu")), List.of(), "/etc/hpcenv/shim.toml");
        return Stream.of(
                Arguments.of(
                        open,
                        "nvidia.com/gpu=7",
                        WHERE
                                + ": unknown CDI device nvidia.com/gpu=7; known: hpe.com/cxi (all), nvidia.com/gpu (all, 0, 1)"),
                Arguments.of(
                        open,
                        "nvidia.com/tpu=0",
                        WHERE
                                + ": unknown CDI device nvidia.com/tpu=0 (no specification declares nvidia.com/tpu); known:"),
                Arguments.of(
                        open, "amd.com/gpu=all", "(no specification declares amd.com/gpu); known: hpe.com/cxi (all)"),
                Arguments.of(
                        open,
                        "nvidia.com/gpu=ü",
                        WHERE + ": CDI name 'nvidia.com/gpu=ü': device name 'ü' may hold only"),
                Arguments.of(open, "gpu=0", WHERE + ": 'gpu=0' is neither a device path nor a CDI name"),
                Arguments.of(
                        open,
                        "/dev/null",
                        WHERE + ": device path /dev/null is not allowed on this site (devices.allowed_paths = [])"),
                Arguments.of(
                        paths,
                        "/dev/zero",
                        "device path /dev/zero is not allowed on this site (devices.allowed_paths = [/dev/null, /dev/std*] in /etc/hpcenv/shim.toml)"),
                Arguments.of(
                        paths,
                        "/dev/hpcenv-no-such-device",
                        WHERE + ": device /dev/hpcenv-no-such-device does not exist on this node"),
                Arguments.of(
                        paths,
                        "/dev/null:dev/null",
                        WHERE + ": device '/dev/null:dev/null' is not HOST[:CONTAINER][:PERMISSIONS]"),
                Arguments.of(paths, "/dev/null:/dev/null:rwx", "is not HOST[:CONTAINER][:PERMISSIONS]"),
                Arguments.of(paths, "/etc/hostname", WHERE + ": /etc/hostname is not a device node"),
                Arguments.of(
                        onlyGpus,
                        "hpe.com/cxi=all",
                        WHERE
                                + ": CDI device hpe.com/cxi=all is not allowed on this site (devices.allowed_cdi = [nvidia.com/gpu] in /etc/hpcenv/shim.toml)"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void eachRefusalIsOneLineNamingTheEntry(DevicePolicy policy, String entry, String expected) {
        assertThatThrownBy(() -> resolver(policy).resolve(List.of(new DeviceRequest(entry, WHERE))))
                .isInstanceOf(ShimException.class)
                .satisfies(e -> assertThat(((ShimException) e).oneLine())
                        .contains(expected)
                        .doesNotContain("\n"));
    }

    @Test
    void aLinkToADeviceMustResolveToAnAllowedPathToo() throws Exception {
        // Given: the link is listed, what it points to is not
        Path link = Files.createSymbolicLink(dir.resolve("zero-link"), Path.of("/dev/zero"));
        DevicePolicy policy = new DevicePolicy(Optional.empty(), List.of(link.toString()), "");

        // Then
        assertThatThrownBy(() -> resolver(policy).resolve(List.of(new DeviceRequest(link.toString(), WHERE))))
                .hasMessageContaining("device path " + link + " (resolves to /dev/zero) is not allowed on this site");
    }

    @Test
    void anUnknownNameHintsAtTheDirectoriesAndTheUnusableFiles() {
        assertThatThrownBy(() ->
                        resolver(DevicePolicy.DEFAULT).resolve(List.of(new DeviceRequest("nvidia.com/gpu=9", WHERE))))
                .isInstanceOf(ShimException.class)
                .extracting(e -> ((ShimException) e).hint())
                .asString()
                .startsWith(
                        "the site's CDI specifications are read from " + etc + ", " + run + " (devices.cdi_spec_dirs)")
                .contains("unusable there: " + etc.resolve("broken.json") + ": not valid JSON");
    }

    @Test
    void namesAndPathsResolveAndEachDeviceAndSpecIsAppliedOnce() {
        // Given
        DevicePolicy policy = new DevicePolicy(Optional.empty(), List.of("/dev/zero"), "");

        // When
        DevicePlan plan = resolver(policy)
                .resolve(List.of(
                        new DeviceRequest("nvidia.com/gpu=all", "e.toml:3: devices[0]"),
                        new DeviceRequest("nvidia.com/gpu=1", "e.toml:3: devices[1]"),
                        new DeviceRequest(" /dev/zero ", "e.toml:3: devices[2]")));

        // Then
        assertThat(plan.entries())
                .extracting(DevicePlan.Entry::resolvesTo)
                .containsExactly(
                        List.of(
                                "nvidia.com/gpu=0 (" + etc.resolve("nvidia.json") + ")",
                                "nvidia.com/gpu=1 (" + etc.resolve("nvidia.json") + ")"),
                        List.of("nvidia.com/gpu=1 (" + etc.resolve("nvidia.json") + ")"),
                        List.of("/dev/zero"));
        assertThat(plan.edits())
                .extracting(DevicePlan.Edits::what)
                .containsExactly("nvidia.com/gpu=0", "nvidia.com/gpu=1", "/dev/zero", "nvidia.com/gpu");
    }

    @Test
    void aDevicePathMayNameItsContainerPathAndPermissionsAsPodmanDoes() {
        DevicePolicy policy = new DevicePolicy(Optional.empty(), List.of("/dev/zero"), "");
        DevicePlan plan = resolver(policy).resolve(List.of(new DeviceRequest("/dev/zero:/opt/dev/zero0:r", WHERE)));
        assertThat(plan.entries().get(0).resolvesTo()).containsExactly("/dev/zero at /opt/dev/zero0");
        assertThat(plan.edits())
                .singleElement()
                .satisfies(e -> assertThat(e.edits().deviceNodes())
                        .containsExactly(new CdiEdits.DeviceNode(
                                "/opt/dev/zero0", "/dev/zero", null, null, null, null, "r", null, null)));
    }

    @Test
    void anEnvironmentWithoutDevicesReadsNoSpecDirectory() {
        assertThat(new DeviceResolver(List.of(dir.resolve("unreadable")), DevicePolicy.DEFAULT).resolve(List.of()))
                .isSameAs(DevicePlan.NONE);
    }
}
