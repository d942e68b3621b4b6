package dev.hpcenv.shim.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimResult;
import dev.hpcenv.shim.support.ShimSite;
import dev.hpcenv.shim.support.ShimTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An image path that does not exist plus a Containerfile: built with buildah, saved there, reused;
 * as root and rootless (buildah in the user's own namespace, with files owned by a subordinate id
 * that only that namespace can remove).
 */
@ShimIntegration
class ContainerfileIT {

    @ParameterizedTest(name = "as unprivileged user: {0}")
    @ValueSource(booleans = {false, true})
    void buildsTheImageAtItsPathOnceAndRunsIt(boolean asUser) throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), asUser, null)) {
            Path dir = Files.createDirectories(site.work().resolve("build"));
            Files.writeString(
                    dir.resolve("Containerfile"),
                    "FROM " + site.env.busyboxRef + "\n"
                            + "RUN echo built > /built.txt && mkdir /data && echo x > /data/f && chown -R 1234:1234 /data\n"
                            + "ENV BUILT=yes\n");
            site.own(dir);
            site.extraEnv.put("HPCENV_SHIM_PROGRESS", "1");
            Path image = dir.resolve("app.sqsh");
            Path spec = site.spec(
                    "env",
                    "{\"image\":\"" + image + "\",\"containerfile\":\"" + dir.resolve("Containerfile")
                            + "\",\"writable\":false}");
            ShimResult first =
                    site.run("run", "--spec", spec.toString(), "--", "/bin/sh", "-c", "cat /built.txt; echo $BUILT");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            assertThat(first.stdout()).isEqualTo("built\nyes\n");
            assertThat(site.leftovers())
                    .as("buildah storage removed, also files of other ids")
                    .isEmpty();
            assertThat(first.stderr()).contains("event=build.done");
            assertThat(image).isRegularFile();

            ShimResult second = site.run("run", "--spec", spec.toString(), "--", "cat", "/built.txt");
            assertThat(second.stdout()).isEqualTo("built\n");
            assertThat(second.stderr()).as("no second build").doesNotContain("build.");
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("no partial files")
                        .containsExactlyInAnyOrder("Containerfile", "app.sqsh", "app.sqsh.json");
            }
            assertThat(site.leftovers()).isEmpty();

            Files.writeString(
                    dir.resolve("Broken"),
                    "FROM " + site.env.busyboxRef + "\nRUN mkdir /d && chown 1234 /d && exit 3\n");
            site.own(dir);
            Path broken = site.spec(
                    "broken",
                    "{\"image\":\"" + dir.resolve("broken.sqsh") + "\",\"containerfile\":\"" + dir.resolve("Broken")
                            + "\"}");
            ShimResult failed = site.run("run", "--spec", broken.toString(), "--", "true");
            assertThat(failed.exitCode()).isEqualTo(126);
            assertThat(failed.stderr()).contains("buildah build of");
            assertThat(dir.resolve("broken.sqsh")).doesNotExist();
            assertThat(site.leftovers()).isEmpty();
        }
    }
}
