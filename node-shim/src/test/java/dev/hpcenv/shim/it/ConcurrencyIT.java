package dev.hpcenv.shim.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.support.Processes;
import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimResult;
import dev.hpcenv.shim.support.ShimSite;
import dev.hpcenv.shim.support.ShimTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many shims at once: one pull per image, one mount stack per step, and every start's identity
 * mapping made race-free.
 */
@ShimIntegration
class ConcurrencyIT {

    @Test
    void concurrentPullsOfOneImageImportItOnce() throws Exception {
        ShimTestEnv env = ShimTestEnv.get();
        String ref = env.registry.pushBusybox(env.base.resolve("images"), "concurrent", "1", null);
        try (ShimSite site = ShimSite.create(env, true, null)) {
            List<Process> pulls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                pulls.add(site.start("pull" + i, "pull", "--progress", ref));
            }
            int downloads = 0;
            for (int i = 0; i < 3; i++) {
                assertThat(pulls.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(pulls.get(i).exitValue()).as(site.output("pull" + i)).isZero();
                downloads += site.output("pull" + i).contains("event=pull.download") ? 1 : 0;
            }
            assertThat(downloads).isEqualTo(1);
            try (var images = Files.list(site.store.resolve("images/amd64"))) {
                assertThat(images.filter(p -> p.toString().endsWith(".sqsh")).count())
                        .isEqualTo(1);
            }
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @Test
    void tasksOfOneStepShareOneImageMountAndOneWritableLayer() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null)) {
            Path out = Files.createDirectories(site.work().resolve("out"));
            site.own(out);
            Path spec = site.spec(
                    "env",
                    RunIT.registrySpec(
                            site.env,
                            "\"mounts\":[{\"source\":\"" + out
                                    + "\",\"target\":\"/out\",\"type\":\"bind\",\"flags\":[]}]"));
            assertThat(site.run("run", "--spec", spec.toString(), "--", "true").exitCode())
                    .isZero();
            site.extraEnv.put("SLURM_JOB_ID", "77");
            site.extraEnv.put("SLURM_STEP_ID", "0");
            List<Process> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                site.extraEnv.put("SLURM_PROCID", Integer.toString(i));
                tasks.add(site.start(
                        "task" + i,
                        "run",
                        "--spec",
                        spec.toString(),
                        "--",
                        "/bin/sh",
                        "-c",
                        "echo $SLURM_PROCID >> /step.txt; touch /out/ready.$SLURM_PROCID; "
                                + "while [ ! -e /out/go ]; do sleep 0.05; done; cat /step.txt | grep -c ."));
            }
            Processes.await(
                    "three tasks running",
                    Duration.ofSeconds(90),
                    () -> Files.exists(out.resolve("ready.0"))
                            && Files.exists(out.resolve("ready.1"))
                            && Files.exists(out.resolve("ready.2")));
            assertThat(site.mounts())
                    .as("one Squashfs mount and one overlay for the step")
                    .hasSize(2);
            Files.writeString(out.resolve("go"), "");
            for (int i = 0; i < 3; i++) {
                assertThat(tasks.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(tasks.get(i).exitValue()).as(site.output("task" + i)).isZero();
                assertThat(site.output("task" + i).strip())
                        .as("all tasks wrote to one layer")
                        .isEqualTo("3");
            }
            assertThat(site.leftovers()).isEmpty();
        }
    }

    /**
     * Issue 12, item 5: 2 of 50 concurrent jobs failed with 126 while their ids were mapped. 200
     * starts as the user, 50 at a time, each printing the uid it runs as: all succeed, all as the
     * job's own uid. (About a minute on 2 cores.)
     */
    @Test
    void twoHundredConcurrentStartsAsTheUserAllMapTheJobsOwnIds() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null)) {
            Path spec = site.spec("env", RunIT.registrySpec(site.env, ""));
            ShimResult first = site.run("run", "--spec", spec.toString(), "--", "true");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            ExecutorService pool = Executors.newFixedThreadPool(50);
            List<String> failures = new ArrayList<>();
            try {
                List<Future<ShimResult>> runs = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    runs.add(pool.submit(() -> site.run("run", "--spec", spec.toString(), "--", "id", "-u")));
                }
                for (int i = 0; i < runs.size(); i++) {
                    ShimResult r = runs.get(i).get(5, TimeUnit.MINUTES);
                    if (r.exitCode() != 0 || !r.stdout().strip().equals(Long.toString(site.env.userUid))) {
                        failures.add("start " + i + ": " + r);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(failures).as(String.join("\n", failures)).isEmpty();
            assertThat(site.leftovers()).isEmpty();
        }
    }
}
