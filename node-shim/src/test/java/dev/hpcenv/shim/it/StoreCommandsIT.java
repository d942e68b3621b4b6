package dev.hpcenv.shim.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimResult;
import dev.hpcenv.shim.support.ShimSite;
import dev.hpcenv.shim.support.ShimTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** pull, images (list, rm, prune), EDF_IMAGESTORE=void and selftest, as the unprivileged user. */
@ShimIntegration
class StoreCommandsIT {

    @Test
    void pullListRemoveAndPrune() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null)) {
            String hashForm = site.env.busyboxRef.replaceFirst("/", "#");
            ShimResult pull = site.run("pull", hashForm);
            assertThat(pull.exitCode()).as(pull.toString()).isZero();
            String digest = pull.stdout().strip().split(" ")[0];
            assertThat(digest).matches("sha256:[0-9a-f]{64}");
            assertThat(site.run("pull", site.env.busyboxRef).stdout())
                    .as("both forms, one image")
                    .startsWith(digest);

            ShimResult list = site.run("images");
            assertThat(list.stdout()).contains(digest.substring(0, 19)).contains("test/busybox");
            ShimResult prune = site.run("images", "prune", "--unused-days", "1");
            assertThat(prune.stdout()).as("recently used images stay").isEmpty();
            ShimResult rm = site.run("images", "rm", digest.substring(7, 19));
            assertThat(rm.exitCode()).as(rm.toString()).isZero();
            assertThat(site.run("images").stdout().lines()).hasSize(1);
            ShimResult bad = site.run("pull", "/some/file.sqsh");
            assertThat(bad.exitCode()).isEqualTo(125);
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @Test
    void voidImageStorePullsPerRunAndKeepsNothing() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null)) {
            site.extraEnv.put("EDF_IMAGESTORE", "void");
            site.extraEnv.put("HPCENV_SHIM_PROGRESS", "1");
            Path spec = site.spec("env", RunIT.registrySpec(site.env, ""));
            ShimResult r = site.run("run", "--spec", spec.toString(), "--", "echo", "ok");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stderr()).contains("event=pull.done");
            try (var s = Files.list(site.store)) {
                assertThat(s).as("the configured store is not used").isEmpty();
            }
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @Test
    void selftestPassesOnThisMachine() throws Exception {
        for (boolean asUser : new boolean[] {false, true}) {
            try (ShimSite site = ShimSite.create(ShimTestEnv.get(), asUser, null)) {
                site.viaLauncher = true;
                ShimResult r = site.run("selftest");
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(r.stdout())
                        .contains("text encoding", "Squashfs mount", "writable overlay", "runtime start")
                        .doesNotContain("FAIL");
                assertThat(site.leftovers()).isEmpty();
            }
        }
    }
}
