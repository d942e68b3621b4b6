package dev.hpcenv.shim.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.shim.identity.IdRange;
import dev.hpcenv.shim.identity.UserMapping;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundleWriterTest {
    private final ObjectMapper json = new ObjectMapper();

    private BundleDraft draft(boolean rootless) {
        BundleDraft d = new BundleDraft();
        d.identity = new ContainerIdentity(rootless, 1001, 1002, List.of(50L), "alice", "alice", "/home/alice");
        d.rootfs = Path.of("/rt/merged");
        d.args.addAll(List.of("python", "train.py"));
        d.env.put("PATH", "/usr/bin");
        d.cwd = "/work";
        d.mounts.add(OciMount.bind("/scratch", "/scratch", List.of("rbind", "nosuid", "nodev")));
        d.annotations.put("com.hooks.cxi.enabled", "true");
        return d;
    }

    @Test
    void rootlessMapsTheContainersRootToTheJobUserInNewUserAndMountNamespacesOnly() throws Exception {
        JsonNode c = json.readTree(new BundleWriter().render(draft(true)));
        assertThat(c.at("/process/user/uid").asLong()).isZero();
        assertThat(c.at("/linux/uidMappings/0/hostID").asLong()).isEqualTo(1001);
        assertThat(c.at("/linux/gidMappings/0/hostID").asLong()).isEqualTo(1002);
        assertThat(c.at("/linux/uidMappings").size()).isEqualTo(1);
        assertThat(c.at("/linux/namespaces").findValuesAsText("type")).containsExactlyInAnyOrder("mount", "user");
        assertThat(c.at("/process/args").toString()).isEqualTo("[\"python\",\"train.py\"]");
        assertThat(c.at("/process/env/0").asText()).isEqualTo("PATH=/usr/bin");
        assertThat(c.at("/process/cwd").asText()).isEqualTo("/work");
        assertThat(c.at("/process/terminal").asBoolean()).isFalse();
        assertThat(c.at("/root/path").asText()).isEqualTo("/rt/merged");
        assertThat(c.at("/mounts/0/options").toString()).isEqualTo("[\"rbind\",\"nosuid\",\"nodev\"]");
        assertThat(c.at("/annotations/com.hooks.cxi.enabled").asText()).isEqualTo("true");
        assertThat(c.has("hooks")).isFalse();
    }

    @Test
    void withTheJobsOwnIdsTheRuntimeSharesTheShimsNamespaceAndTheCommandIsAnOrdinaryUser() throws Exception {
        BundleDraft d = draft(true);
        d.identity = new ContainerIdentity(
                true,
                1001,
                1002,
                List.of(50L),
                "alice",
                "alice",
                "/home/alice",
                new UserMapping(
                        UserMapping.Mode.OWN_IDS,
                        List.of(new IdRange(1001, 1001, 1)),
                        List.of(new IdRange(1002, 1002, 1)),
                        null));
        JsonNode c = json.readTree(new BundleWriter().render(d));
        assertThat(c.at("/process/user/uid").asLong()).isEqualTo(1001);
        assertThat(c.at("/process/user/gid").asLong()).isEqualTo(1002);
        assertThat(c.at("/process/user").has("additionalGids"))
                .as("rootless: the kernel keeps the groups")
                .isFalse();
        assertThat(c.at("/linux/namespaces").findValuesAsText("type")).containsExactly("mount");
        assertThat(c.at("/linux").has("uidMappings")).isFalse();
        assertThat(c.at("/process").has("capabilities")).isFalse();
        d.extraCapabilities.add("CAP_SETUID");
        assertThat(json.readTree(new BundleWriter().render(d))
                        .at("/process/capabilities/bounding")
                        .toString())
                .isEqualTo("[\"CAP_SETUID\"]");
    }

    @Test
    void asRootThereIsNoUserNamespaceAndTheGroupsAreKept() throws Exception {
        JsonNode c = json.readTree(new BundleWriter().render(draft(false)));
        assertThat(c.at("/process/user/uid").asLong()).isEqualTo(1001);
        assertThat(c.at("/process/user/additionalGids/0").asLong()).isEqualTo(50);
        assertThat(c.at("/linux/namespaces").findValuesAsText("type")).containsExactly("mount");
        assertThat(c.at("/linux").has("uidMappings")).isFalse();
    }

    @Test
    void extensionsEditTheDraftBeforeItIsWritten() throws Exception {
        BundleDraft d = draft(true);
        BundleExtension hooks = (env, draft) -> {
            draft.env.put("NCCL_NET", "AWS Libfabric");
            draft.addHook(HookStage.createContainer, new OciHook("/opt/hook", List.of("hook", "--x"), List.of(), 30));
        };
        hooks.apply(null, d);
        JsonNode c = json.readTree(new BundleWriter().render(d));
        assertThat(c.at("/process/env").toString()).contains("NCCL_NET=AWS Libfabric");
        assertThat(c.at("/hooks/createContainer/0/path").asText()).isEqualTo("/opt/hook");
        assertThat(c.at("/hooks/createContainer/0/timeout").asInt()).isEqualTo(30);
    }
}
