package dev.hpcenv.shim.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.BundleWriter;
import dev.hpcenv.shim.bundle.ContainerIdentity;
import dev.hpcenv.shim.bundle.HookStage;
import dev.hpcenv.shim.bundle.OciDevice;
import dev.hpcenv.shim.bundle.OciHook;
import dev.hpcenv.shim.bundle.OciMount;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.json.LightJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceEditsTest {
    @TempDir
    Path dir;

    private static DevicePlan plan(CdiEdits edits) {
        return new DevicePlan(
                List.of(), List.of(new DevicePlan.Edits("test.example.com/dev=a", "/etc/cdi/test.json", edits)));
    }

    private static CdiEdits nodes(CdiEdits.DeviceNode... n) {
        return new CdiEdits(List.of(), List.of(n), List.of(), List.of(), List.of(), false, List.of());
    }

    private static CdiEdits.DeviceNode node(String path, String hostPath) {
        return new CdiEdits.DeviceNode(path, hostPath, null, null, null, null, null, null, null);
    }

    private static BundleDraft draft(boolean rootless) {
        BundleDraft d = new BundleDraft();
        d.identity = new ContainerIdentity(
                rootless, rootless ? 1000 : 0, rootless ? 1000 : 0, List.of(), "u", "u", "/home/u");
        d.rootfs = Path.of("/rootfs");
        d.args.add("true");
        return d;
    }

    @Test
    void aNodeAtItsOwnPathGetsItsHostNumbersAndACgroupRuleAsRoot() throws Exception {
        // Given
        BundleDraft d = draft(false);

        // When
        new DeviceEdits(30).apply(plan(nodes(node("/dev/zero", null), node("/dev/zero", null))), d);

        // Then: /dev/zero is 1:5 on every Linux; the node's /dev is the container's, so no mount
        assertThat(d.devices).containsExactly(new OciDevice("/dev/zero", "c", 1, 5, 0666, null, null, "rwm"));
        assertThat(d.mounts).isEmpty();
        Object linux = LightJson.member(LightJson.parse(new BundleWriter().render(d)), "linux");
        assertThat(LightJson.member(LightJson.member(linux, "resources"), "devices"))
                .asList()
                .singleElement()
                .satisfies(rule -> {
                    assertThat(LightJson.string(rule, "type")).isEqualTo("c");
                    assertThat(LightJson.number(rule, "major")).isEqualTo(1);
                    assertThat(LightJson.number(rule, "minor")).isEqualTo(5);
                    assertThat(LightJson.string(rule, "access")).isEqualTo("rwm");
                });
        assertThat(LightJson.member(linux, "devices")).asList().hasSize(1);
    }

    @Test
    void rootlessTheConfigHasNoDeviceCgroupToOpen() throws Exception {
        BundleDraft d = draft(true);
        new DeviceEdits(30).apply(plan(nodes(node("/dev/zero", null))), d);
        Object linux = LightJson.member(LightJson.parse(new BundleWriter().render(d)), "linux");
        assertThat(LightJson.member(linux, "resources")).isNull();
        assertThat(LightJson.member(linux, "devices")).isNull();
    }

    @Test
    void aNodeElsewhereIsBoundThereAndOneMissingFromTheNodesDevIsRefused() {
        // Given
        BundleDraft d = draft(false);

        // When
        new DeviceEdits(30)
                .apply(plan(nodes(node("/opt/hpcenv-dev/zero0", "/dev/zero"), node("/dev/full", "/dev/null"))), d);

        // Then
        assertThat(d.mounts)
                .containsExactly(
                        OciMount.bind("/dev/zero", "/opt/hpcenv-dev/zero0", List.of("bind", "nosuid")),
                        OciMount.bind("/dev/null", "/dev/full", List.of("bind", "nosuid")));
        assertThat(d.devices).extracting(OciDevice::path).containsExactly("/opt/hpcenv-dev/zero0", "/dev/full");
        assertThatThrownBy(() ->
                        new DeviceEdits(30).apply(plan(nodes(node("/dev/hpcenv-test0", "/dev/zero"))), draft(false)))
                .isInstanceOf(ShimException.class)
                .hasMessage(
                        "test.example.com/dev=a (/etc/cdi/test.json): device /dev/zero is to appear at /dev/hpcenv-test0,"
                                + " which this node's /dev lacks; containers share the node's /dev, where hpcenv-shim creates nothing");
    }

    @Test
    void envMountsAndHooksAreAddedAndWhatTheNodeLacksIsNamed() throws Exception {
        // Given
        Path lib = Files.writeString(dir.resolve("libvendor.so"), "");
        Path hook = Files.writeString(dir.resolve("hook"), "#!/bin/sh\n");
        hook.toFile().setExecutable(true);
        CdiEdits edits = new CdiEdits(
                List.of("VENDOR_VISIBLE=all", "EMPTY="),
                List.of(),
                List.of(new CdiEdits.Mount(lib.toString(), "/usr/lib/libvendor.so", null, List.of("ro"))),
                List.of(
                        new CdiEdits.Hook("prestart", hook.toString(), List.of("hook", "a"), List.of(), null),
                        new CdiEdits.Hook("poststop", hook.toString(), List.of("hook", "b"), List.of("X=1"), 3)),
                List.of(),
                false,
                List.of());
        BundleDraft d = draft(true);

        // When
        new DeviceEdits(30).apply(plan(edits), d);

        // Then
        assertThat(d.env).containsEntry("VENDOR_VISIBLE", "all").containsEntry("EMPTY", "");
        assertThat(d.mounts)
                .containsExactly(new OciMount("/usr/lib/libvendor.so", "bind", lib.toString(), List.of("rbind", "ro")));
        assertThat(d.hooks.get(HookStage.createRuntime))
                .containsExactly(new OciHook(hook.toString(), List.of("hook", "a"), List.of(), 30));
        assertThat(d.hooks.get(HookStage.poststop))
                .containsExactly(new OciHook(hook.toString(), List.of("hook", "b"), List.of("X=1"), 3));

        CdiEdits missing = new CdiEdits(
                List.of(),
                List.of(),
                List.of(new CdiEdits.Mount("/no/such/lib", "/lib/x", null, List.of())),
                List.of(),
                List.of(),
                false,
                List.of());
        assertThatThrownBy(() -> new DeviceEdits(30).apply(plan(missing), draft(true)))
                .hasMessage(
                        "test.example.com/dev=a (/etc/cdi/test.json): mount source /no/such/lib does not exist on this node");
        assertThatThrownBy(() -> new DeviceEdits(30).apply(plan(nodes(node("/dev/hpcenv-none", null))), draft(true)))
                .hasMessageContaining("device node /dev/hpcenv-none does not exist on this node");
    }
}
