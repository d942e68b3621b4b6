package dev.hpcenv.shim.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimResult;
import dev.hpcenv.shim.support.ShimSite;
import dev.hpcenv.shim.support.ShimTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code run --environment}: EDF lookup, bases and expansion come from edf-converter, on the node. */
@ShimIntegration
class EnvironmentIT {

    @Test
    void runsAnEdfFoundByNameInEdfPathOrByRelativePath() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null)) {
            Path edfs = Files.createDirectories(site.work().resolve("edf"));
            Path data = Files.createDirectories(site.work().resolve("data"));
            Files.writeString(data.resolve("f.txt"), "data-file");
            String registry = site.env.registry.address();
            Files.writeString(
                    edfs.resolve("base.toml"),
                    "image = \"" + registry + "#test/busybox:1\"\n" + "[env]\nFROM_BASE = \"base\"\n");
            Files.writeString(
                    edfs.resolve("app.toml"),
                    "base_environment = \"base\"\n"
                            + "mounts = [\"${DATA_DIR}:/data:ro\"]\nworkdir = \"/data\"\n"
                            + "[env]\nGREETING = \"hello ${WHO}\"\n");
            Files.writeString(site.work().resolve("local.toml"), "image = \"" + registry + "/test/busybox:1\"\n");
            Files.writeString(
                    edfs.resolve("broken.toml"),
                    "image = \"" + registry + "#test/busybox:1\"\n" + "workdir = \"${NOT_SET_ANYWHERE}\"\n");
            site.own(site.work());
            site.extraEnv.put("EDF_PATH", edfs.toString());
            site.extraEnv.put("DATA_DIR", data.toString());
            site.extraEnv.put("WHO", "node");

            ShimResult byName = site.run(
                    "run",
                    "--environment",
                    "app",
                    "--",
                    "/bin/sh",
                    "-c",
                    "echo $GREETING $FROM_BASE $(pwd) $(cat f.txt)");
            assertThat(byName.exitCode()).as(byName.toString()).isZero();
            assertThat(byName.stdout().strip()).isEqualTo("hello node base /data data-file");

            ShimResult byPath = site.run("run", "--environment", "./local.toml", "--", "echo", "local");
            assertThat(byPath.exitCode()).as(byPath.toString()).isZero();
            assertThat(byPath.stdout().strip()).isEqualTo("local");

            ShimResult broken = site.run("run", "--environment", "broken", "--", "true");
            assertThat(broken.exitCode()).isEqualTo(126);
            assertThat(broken.stderr()).contains("broken.toml").contains("NOT_SET_ANYWHERE");

            ShimResult missing = site.run("run", "--environment", "nosuchenv", "--", "true");
            assertThat(missing.exitCode()).isEqualTo(126);
            assertThat(missing.stderr()).contains("nosuchenv");
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @Test
    void variablesComeFromTheHostAndTheImageTheImageWinning() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null)) {
            // The test image's config has Env IMGVAR=fromimage and FOO=fromimage.
            Files.writeString(
                    site.work().resolve("vars.toml"),
                    "image = \"${REGISTRY}#test/busybox:1\"\n"
                            + "workdir = \"/${WORKDIR_NAME}\"\n"
                            + "[env]\nFROM_IMAGE = \"${IMGVAR}\"\nCLASH = \"${FOO}\"\nFROM_HOST = \"${WHO}\"\n");
            site.own(site.work());
            site.extraEnv.put("REGISTRY", site.env.registry.address());
            site.extraEnv.put("FOO", "fromhost");
            site.extraEnv.put("WHO", "node");
            site.extraEnv.put("WORKDIR_NAME", "tmp");

            ShimResult r = site.run(
                    "run",
                    "--environment",
                    "./vars.toml",
                    "--",
                    "/bin/sh",
                    "-c",
                    "echo $FROM_IMAGE $CLASH $FROM_HOST $(pwd)");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout().strip()).isEqualTo("fromimage fromimage node /tmp");
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @Test
    void anEnvironmentWithoutAnImageRunsTheCommandOnTheNode() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null)) {
            Path dir = Files.createDirectories(site.work().resolve("host"));
            Files.writeString(
                    site.work().resolve("noimage.toml"),
                    "workdir = \"" + dir + "\"\n" + "[env]\nGREETING = \"hi ${WHO}\"\nDROPPED = \"\"\n");
            Files.writeString(site.work().resolve("mounts.toml"), "mounts = [\"/etc:/x\"]\n");
            site.own(site.work());
            site.extraEnv.put("WHO", "node");
            site.extraEnv.put("DROPPED", "should-be-unset");

            ShimResult r = site.run(
                    "run",
                    "--environment",
                    "./noimage.toml",
                    "--",
                    "sh",
                    "-c",
                    "echo \"$GREETING ${DROPPED:-unset} $(pwd) $(id -u)\"; exit 3");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.stdout().strip()).isEqualTo("hi node unset " + dir + " " + site.env.userUid);

            ShimResult notFound = site.run("run", "--environment", "./noimage.toml", "--", "no-such-command");
            assertThat(notFound.exitCode()).isEqualTo(127);
            assertThat(notFound.stderr()).contains("no-such-command").contains("no image");

            ShimResult mounts = site.run("run", "--environment", "./mounts.toml", "--", "true");
            assertThat(mounts.exitCode()).as(mounts.toString()).isEqualTo(126);
            assertThat(mounts.stderr().strip())
                    .startsWith("hpcenv-shim:")
                    .contains("mounts but no image")
                    .doesNotContain("Exception");
            assertThat(site.leftovers()).isEmpty();
        }
    }
}
