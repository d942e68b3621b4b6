package dev.hpcenv.shim.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.support.Processes;
import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimResult;
import dev.hpcenv.shim.support.ShimSite;
import dev.hpcenv.shim.support.ShimTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The unprivileged user's container runs with its own uid and gid (subordinate ids for the rest),
 * keeps its supplementary groups, and exits as its command does.
 */
@ShimIntegration
class IdentityIT {

    @Test
    void theJobRunsWithItsOwnIdsAndGroupsAndExitsAsItsCommand() throws Exception {
        ShimTestEnv env = ShimTestEnv.get();
        String group = env.supplementaryGroup();
        try (ShimSite site = ShimSite.create(env, true, null)) {
            Path out = Files.createDirectories(site.work().resolve("out"));
            site.own(out);
            // Group-owned and closed to others: reachable only through the supplementary group.
            Path shared = Files.createDirectories(site.dir.resolve("project"));
            Processes.runOk(List.of("chown", "root:" + group, shared.toString()), null);
            Processes.runOk(List.of("chmod", "0770", shared.toString()), null);
            Path spec = site.spec(
                    "env",
                    RunIT.registrySpec(
                            env,
                            "\"mounts\":[{\"source\":\"" + out
                                    + "\",\"target\":\"/out\",\"type\":\"bind\",\"flags\":[]}," + "{\"source\":\""
                                    + shared + "\",\"target\":\"/project\",\"type\":\"bind\",\"flags\":[]}]"));
            long gid = Long.parseLong(Processes.runOk(List.of("id", "-g", env.user), null)
                    .stdout()
                    .strip());

            ShimResult r = site.run(
                    "run",
                    "--spec",
                    spec.toString(),
                    "--",
                    "/bin/sh",
                    "-c",
                    "id -u; id -g; id -un; touch /out/mine && echo made > /project/by-group && echo group-ok");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout().lines().toList())
                    .as(r.toString())
                    .containsExactly(Long.toString(env.userUid), Long.toString(gid), env.user, "group-ok");
            assertThat(r.stderr()).doesNotContain("identity.fallback");
            assertThat(Files.getAttribute(out.resolve("mine"), "unix:uid")).isEqualTo((int) env.userUid);
            assertThat(Files.getAttribute(out.resolve("mine"), "unix:gid")).isEqualTo((int) gid);
            assertThat(Files.getAttribute(shared.resolve("by-group"), "unix:uid"))
                    .isEqualTo((int) env.userUid);

            assertThat(site.run("run", "--spec", spec.toString(), "--", "/bin/sh", "-c", "exit 3")
                            .exitCode())
                    .isEqualTo(3);
            assertThat(site.run("run", "--spec", spec.toString(), "--", "/bin/sh", "-c", "kill -KILL $$")
                            .exitCode())
                    .isEqualTo(128 + 9);
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @Test
    void aDescriptorVariableThatNamesNoOpenDescriptorIsOneLineNamingIt() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null)) {
            site.extraEnv.put("PMI_FD", "917");
            Path spec = site.spec("env", RunIT.registrySpec(site.env, ""));
            ShimResult r = site.run("run", "--spec", spec.toString(), "--", "true");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(126);
            assertThat(r.stderr().strip().lines()).hasSize(1);
            assertThat(r.stderr()).startsWith("hpcenv-shim: PMI_FD=917 names a descriptor that is not open");
            assertThat(site.leftovers()).isEmpty();
        }
    }
}
