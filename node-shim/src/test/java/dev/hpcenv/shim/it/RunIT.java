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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code run --spec} with the real tools, as root and as the unprivileged test user. */
@ShimIntegration
class RunIT {

    static String registrySpec(ShimTestEnv env, String extra) {
        String[] parts = env.busyboxRef.split("/", 2);
        String repo = parts[1].substring(0, parts[1].indexOf(':'));
        return "{\"image\":\"" + env.busyboxRef + "\",\"imageRef\":{\"registry\":\"" + parts[0] + "\",\"repository\":\""
                + repo + "\",\"tag\":\"1\"}" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static ShimSite site(boolean asUser) throws Exception {
        return ShimSite.create(ShimTestEnv.get(), asUser, null);
    }

    @ParameterizedTest(name = "as user: {0}")
    @ValueSource(booleans = {false, true})
    void pullsOnceRunsTheCommandAndReturnsItsExitCode(boolean asUser) throws Exception {
        try (ShimSite site = site(asUser)) {
            Path spec = site.spec("env", registrySpec(site.env, ""));
            ShimResult first = site.run("run", "--spec", spec.toString(), "--", "/bin/sh", "-c", "whoami; exit 7");
            assertThat(first.exitCode()).as(first.toString()).isEqualTo(7);
            assertThat(first.stdout().strip()).isEqualTo(asUser ? site.env.user : "root");
            assertThat(first.stderr())
                    .as("pull progress stays out of the job's output unless asked for")
                    .doesNotContain("event=pull");
            try (var images = Files.list(site.store.resolve("images/amd64"))) {
                assertThat(images.map(p -> p.getFileName().toString()))
                        .anyMatch(n -> n.matches("sha256-[0-9a-f]{64}\\.sqsh"))
                        .anyMatch(n -> n.matches("sha256-[0-9a-f]{64}\\.json"));
            }
            ShimResult second = site.run("run", "--spec", spec.toString(), "--", "true");
            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(second.stderr()).as("warm start is quiet").isEmpty();
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @ParameterizedTest(name = "as user: {0}")
    @ValueSource(booleans = {false, true})
    void appliesEnvironmentPrecedenceWorkdirAndEntrypoint(boolean asUser) throws Exception {
        try (ShimSite site = site(asUser)) {
            site.extraEnv.put("FOO", "host");
            site.extraEnv.put("HOSTONLY", "host");
            site.extraEnv.put("DROPME", "host");
            site.extraEnv.put("SCRATCHDIR", "/scratch");
            Path spec = site.spec(
                    "env",
                    registrySpec(
                            site.env,
                            "\"env\":{\"IMGVAR\":\"edf\",\"BAR\":\"edf\",\"CLI\":\"edf\",\"WHERE\":\"${SCRATCHDIR}/x\"},"
                                    + "\"unsetEnv\":[\"DROPME\"]"));
            ShimResult r = site.run(
                    "run",
                    "--spec",
                    spec.toString(),
                    "--env",
                    "CLI=cli",
                    "--",
                    "/bin/sh",
                    "-c",
                    "echo FOO=$FOO IMGVAR=$IMGVAR BAR=$BAR CLI=$CLI HOSTONLY=$HOSTONLY DROPME=${DROPME:-unset}"
                            + " WHERE=$WHERE PWD=$(pwd)");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            // image over host, EDF over image, command line over EDF; unset removes; expansion in the job env
            assertThat(r.stdout().strip())
                    .isEqualTo("FOO=fromimage IMGVAR=edf BAR=edf CLI=cli HOSTONLY=host "
                            + "DROPME=unset WHERE=/scratch/x PWD=/opt");

            ShimResult wd = site.run("run", "--spec", spec.toString(), "--workdir", "/tmp", "--", "pwd");
            assertThat(wd.stdout().strip()).isEqualTo("/tmp");

            Path entry = site.spec("entry", registrySpec(site.env, "\"entrypoint\":true"));
            assertThat(site.run("run", "--spec", entry.toString()).stdout().strip())
                    .isEqualTo("entry default-cmd");
            assertThat(site.run("run", "--spec", entry.toString(), "--", "hello")
                            .stdout()
                            .strip())
                    .isEqualTo("entry hello");
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @ParameterizedTest(name = "as user: {0}")
    @ValueSource(booleans = {false, true})
    void appliesBindAndSquashfsMountsAndWritability(boolean asUser) throws Exception {
        try (ShimSite site = site(asUser)) {
            Path data = Files.createDirectories(site.work().resolve("data"));
            Files.writeString(data.resolve("in.txt"), "from-host");
            Path out = Files.createDirectories(site.work().resolve("out"));
            Path sqshSrc = Files.createDirectories(site.dir.resolve("sqsh-src"));
            Files.writeString(sqshSrc.resolve("packed.txt"), "from-squashfs");
            Path sqsh = site.work().resolve("data.sqsh");
            Processes.runOk(List.of("mksquashfs", sqshSrc.toString(), sqsh.toString(), "-quiet", "-no-progress"), null);
            site.own(site.work());
            String mounts = "\"mounts\":[{\"source\":\"" + data
                    + "\",\"target\":\"/data\",\"type\":\"bind\",\"flags\":[\"ro\"]},"
                    + "{\"source\":\"" + out + "\",\"target\":\"/out\",\"type\":\"bind\",\"flags\":[]},"
                    + "{\"source\":\"" + sqsh + "\",\"target\":\"/packed\",\"type\":\"squashfs\",\"flags\":[]}]";
            Path writable = site.spec("rw", registrySpec(site.env, mounts + ",\"writable\":true"));
            ShimResult r = site.run(
                    "run",
                    "--spec",
                    writable.toString(),
                    "--",
                    "/bin/sh",
                    "-c",
                    "cat /data/in.txt; echo; cat /packed/packed.txt; echo; echo made > /out/new.txt; "
                            + "touch /data/x 2>/dev/null && echo data-writable || echo data-readonly; "
                            + "echo changed > /bin/marker && echo root-writable");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("from-host", "from-squashfs", "data-readonly", "root-writable");
            assertThat(Files.readString(out.resolve("new.txt")).strip()).isEqualTo("made");
            assertThat(Files.getOwner(out.resolve("new.txt")).getName()).isEqualTo(asUser ? site.env.user : "root");

            Path readOnly = site.spec("ro", registrySpec(site.env, mounts + ",\"writable\":false"));
            ShimResult ro = site.run(
                    "run",
                    "--spec",
                    readOnly.toString(),
                    "--",
                    "/bin/sh",
                    "-c",
                    "test -e /bin/marker && echo image-modified; touch /newfile 2>/dev/null && echo root-writable || echo root-readonly");
            assertThat(ro.exitCode()).as(ro.toString()).isZero();
            assertThat(ro.stdout().strip()).as("the image never changes").isEqualTo("root-readonly");
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @ParameterizedTest(name = "as user: {0}")
    @ValueSource(booleans = {false, true})
    void badInputEndsWithOneLineAndNothingLeftBehind(boolean asUser) throws Exception {
        try (ShimSite site = site(asUser)) {
            Path good = site.spec("good", registrySpec(site.env, ""));
            assertThat(site.run("run", "--spec", good.toString(), "--", "true").exitCode())
                    .isZero();
            expectError(
                    site, 127, "command 'nosuchcmd' not found", "run", "--spec", good.toString(), "--", "nosuchcmd");

            Path missingImage = site.spec("missing", "{\"image\":\"/nonexistent/img.sqsh\"}");
            expectError(
                    site,
                    126,
                    "image /nonexistent/img.sqsh does not exist",
                    "run",
                    "--spec",
                    missingImage.toString(),
                    "--",
                    "true");

            Path badMount = site.spec(
                    "badmount",
                    registrySpec(
                            site.env,
                            "\"mounts\":[{\"source\":\"/nonexistent/dir\",\"target\":\"/d\",\"type\":\"bind\",\"flags\":[]}]"));
            expectError(site, 126, "mounts[0]", "run", "--spec", badMount.toString(), "--", "true");

            Path missingVar = site.spec("var", registrySpec(site.env, "\"workdir\":\"${HPCENV_TEST_UNDEFINED}\""));
            expectError(site, 126, "HPCENV_TEST_UNDEFINED", "run", "--spec", missingVar.toString(), "--", "true");

            Path down = site.spec(
                    "down",
                    "{\"image\":\"127.0.0.1:1/test/busybox:1\",\"imageRef\":{\"registry\":"
                            + "\"127.0.0.1:1\",\"repository\":\"test/busybox\",\"tag\":\"1\"}}");
            expectError(site, 126, "127.0.0.1:1", "run", "--spec", down.toString(), "--", "true");

            Path notFound = site.spec(
                    "nf",
                    registrySpec(site.env, "")
                            .replace("\"tag\":\"1\"", "\"tag\":\"nope\"")
                            .replace("busybox:1", "busybox:nope"));
            expectError(site, 126, "not found", "run", "--spec", notFound.toString(), "--", "true");

            Path badRef = site.spec("badref", "{\"image\":\"Not A Ref\"}");
            expectError(site, 126, "image", "run", "--spec", badRef.toString(), "--", "true");

            Path badJson = site.spec("badjson", "{\"image\": 5}");
            expectError(site, 126, "image must be a string", "run", "--spec", badJson.toString(), "--", "true");

            expectError(site, 125, "exactly one of", "run", "--", "true");
            assertThat(site.leftovers()).isEmpty();
        }
    }

    private static void expectError(ShimSite site, int code, String text, String... args) throws Exception {
        ShimResult r = site.run(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(code);
        assertThat(r.stderr().strip().lines()).as(r.toString()).hasSize(1);
        assertThat(r.stderr()).startsWith("hpcenv-shim: ").contains(text);
    }
}
