package dev.hpcenv.shim.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.support.Processes;
import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimSite;
import dev.hpcenv.shim.support.ShimTestEnv;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a job submitted through slurmrestd meets on a node: no LANG, no HOME, no USER, nothing of a
 * login session. The shim runs through the repository's launcher as the test user, started from a
 * script whose bytes this test writes, so that no text passes through a JVM's locale on its way in,
 * and the container's output is compared as bytes.
 */
@ShimIntegration
class SessionIT {
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** Outside Latin-1 (the euro sign, Greek, CJK, a snowman and an emoji beyond the BMP) besides umlauts. */
    private static final String ARG = "ünïcødé😀 漢字 €";

    private static final String GREETING = "grüße Ωmega";
    private static final String HOSTVAR = "中文 ☃ naïve";
    private static final String DIR = "dätä 漢字";

    @ParameterizedTest(name = "locale: {0}")
    @ValueSource(strings = {"none", "LANG=C"})
    void nonAsciiArgvEnvironmentAndPathsArriveByteExactWhateverTheNodesLocale(String locale) throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null)) {
            Path data = Files.createDirectories(site.work().resolve(DIR));
            Files.write(data.resolve("f"), (ARG + "\n").getBytes(StandardCharsets.UTF_8));
            Files.write(
                    data.resolve("show.sh"),
                    ("printf '%s\\n' \"$1\" \"$GREETING\" \"$HOSTVAR\" \"$PWD\"; cat f; "
                                    + "echo \"LC_ALL=${LC_ALL-unset} LANG=${LANG-unset}\"; grep ' /data ' /proc/self/mounts\n")
                            .getBytes(StandardCharsets.UTF_8));
            site.own(data);
            String target = "/mnt/ünï " + DIR;
            Path spec = site.spec(
                    "env",
                    RunIT.registrySpec(
                            site.env,
                            "\"env\":{\"GREETING\":\"" + GREETING
                                    + "\"},\"workdir\":\"" + target + "\",\"mounts\":[{\"source\":\"" + data
                                    + "\",\"target\":\"" + target
                                    + "\",\"type\":\"bind\",\"flags\":[]},{\"source\":\"" + data
                                    + "\",\"target\":\"/data\","
                                    + "\"type\":\"bind\",\"flags\":[\"rw\"]}]"));
            List<String> env = new ArrayList<>(List.of(
                    PATH,
                    "HOME=/home/" + site.env.user,
                    "HPCENV_SHIM_CONFIG=" + site.config,
                    "HOSTVAR=" + HOSTVAR,
                    "HPCENV_ARGV=[\"/bin/sh\",\"show.sh\",\"" + ARG + "\"]"));
            if (!locale.equals("none")) {
                env.add(locale);
            }
            String expected = ARG + "\n" + GREETING + "\n" + HOSTVAR + "\n" + target + "\n" + ARG + "\n"
                    + "LC_ALL=unset LANG=" + (locale.equals("none") ? "unset" : "C") + "\n";

            for (List<String> args : List.of(
                    List.of("run", "--spec", spec.toString(), "--argv-env", "HPCENV_ARGV"),
                    List.of("run", "--spec", spec.toString(), "--", "/bin/sh", "show.sh", ARG))) {
                Output r = runAsJob(site, env, args);
                assertThat(r.exitCode).as(r.toString()).isZero();
                byte[] want = expected.getBytes(StandardCharsets.UTF_8);
                assertThat(r.stdout.length).as(r.toString()).isGreaterThan(want.length);
                assertThat(java.util.Arrays.copyOf(r.stdout, want.length))
                        .as(r.toString())
                        .isEqualTo(want);
                String mountLine =
                        new String(r.stdout, want.length, r.stdout.length - want.length, StandardCharsets.UTF_8);
                assertThat(mountLine).as("a user's bind mount").contains("nosuid", "nodev");
            }

            Path missing = site.spec(
                    "missing",
                    RunIT.registrySpec(
                            site.env,
                            "\"mounts\":[{\"source\":\"" + site.work().resolve("nöt dä")
                                    + "\",\"target\":\"/x\",\"type\":\"bind\",\"flags\":[]}]"));
            Output bad = runAsJob(site, env, List.of("run", "--spec", missing.toString(), "--", "true"));
            assertThat(bad.exitCode).as(bad.toString()).isEqualTo(126);
            assertThat(bad.stderr)
                    .as("the shim's own message is UTF-8")
                    .containsSubsequence(("source " + site.work().resolve("nöt dä") + " does not exist")
                            .getBytes(StandardCharsets.UTF_8));
            assertThat(site.leftovers()).isEmpty();
        }
    }

    @Test
    void aJobWithoutASessionGetsTheLoginVariablesOfItsUserAndTheSitesVariables() throws Exception {
        ShimTestEnv testEnv = ShimTestEnv.get();
        Path scratchRoot = testEnv.base.resolve("scratch-" + System.nanoTime());
        try (ShimSite site = ShimSite.create(
                testEnv,
                true,
                "[variables]\nSCRATCH = \"" + scratchRoot + "/${USER}\"\n" + "[mounts]\ndeny = [\"/etc\"]\n")) {
            Path scratch = Files.createDirectories(scratchRoot.resolve(testEnv.user));
            Files.writeString(scratch.resolve("marker"), "in-scratch");
            Processes.runOk(List.of("chown", "-R", testEnv.user + ":", scratchRoot.toString()), null);
            Processes.runOk(List.of("chmod", "-R", "a+rX", scratchRoot.toString()), null);
            String passwd = Processes.runOk(List.of("getent", "passwd", testEnv.user), null)
                    .stdout()
                    .strip();
            String[] account = passwd.split(":");
            // The repository's own example: a mount of ${SCRATCH}, variables of the login session.
            Path spec = site.spec(
                    "env",
                    RunIT.registrySpec(
                            site.env,
                            "\"env\":{\"WHO\":"
                                    + "\"${USER}:${LOGNAME}:${SHELL}:${HOME}\"},\"mounts\":[{\"source\":\"${SCRATCH}\",\"target\":"
                                    + "\"${SCRATCH}\",\"type\":\"bind\",\"flags\":[]}]"));
            List<String> bare = List.of(PATH, "HPCENV_SHIM_CONFIG=" + site.config);
            Output r = runAsJob(
                    site,
                    bare,
                    List.of(
                            "run",
                            "--spec",
                            spec.toString(),
                            "--",
                            "/bin/sh",
                            "-c",
                            "echo $WHO; cat $SCRATCH/marker; echo; echo HOME=$HOME USER=$USER"));
            assertThat(r.exitCode).as(r.toString()).isZero();
            assertThat(r.out().lines())
                    .containsExactly(
                            account[0] + ":" + account[0] + ":" + account[6] + ":" + account[5],
                            "in-scratch",
                            "HOME=" + account[5] + " USER=" + account[0]);

            Files.createSymbolicLink(site.work().resolve("etc-link"), Path.of("/etc"));
            Path denied = site.spec(
                    "denied",
                    RunIT.registrySpec(
                            site.env,
                            "\"mounts\":[{\"source\":\"" + site.work().resolve("etc-link")
                                    + "/..//etc\",\"target\":\"/host-etc\",\"type\":\"bind\",\"flags\":[]}]"));
            Output refused = runAsJob(site, bare, List.of("run", "--spec", denied.toString(), "--", "true"));
            assertThat(refused.exitCode).as(refused.toString()).isEqualTo(126);
            assertThat(new String(refused.stderr, StandardCharsets.UTF_8).strip())
                    .startsWith("hpcenv-shim: mounts[0]")
                    .contains("is denied by the site (mounts.deny \"/etc\" in " + site.config + ")")
                    .doesNotContain("\n");
            assertThat(site.leftovers()).isEmpty();
        } finally {
            Processes.run(List.of("rm", "-rf", scratchRoot.toString()), null);
        }
    }

    /** The shim as the test user, started by a script with exactly {@code env} (nothing inherited). */
    private static Output runAsJob(ShimSite site, List<String> env, List<String> shimArgs) throws Exception {
        Path out = site.work().resolve("job.out");
        Path err = site.work().resolve("job.err");
        StringBuilder script = new StringBuilder("#!/bin/sh\nexec env -i");
        env.forEach(e -> script.append(' ').append(quoted(e)));
        script.append(' ').append(quoted(site.env.launcher().toString()));
        shimArgs.forEach(a -> script.append(' ').append(quoted(a)));
        script.append(" >")
                .append(quoted(out.toString()))
                .append(" 2>")
                .append(quoted(err.toString()))
                .append('\n');
        Path file = site.work().resolve("job.sh");
        Files.write(file, script.toString().getBytes(StandardCharsets.UTF_8));
        site.own(file);
        var r = Processes.run(List.of("runuser", "-u", site.env.user, "--", "/bin/sh", file.toString()), site.work());
        Output o = new Output(r.exitCode(), Files.readAllBytes(out), Files.readAllBytes(err));
        Files.delete(out);
        Files.delete(err);
        return o;
    }

    /** Single quotes for the test's own constants (none contains one). */
    private static String quoted(String s) {
        assertThat(s).doesNotContain("'");
        return "'" + s + "'";
    }

    private record Output(int exitCode, byte[] stdout, byte[] stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(("exit " + exitCode + "\n--- stdout\n").getBytes(StandardCharsets.UTF_8));
            b.writeBytes(stdout);
            b.writeBytes("--- stderr\n".getBytes(StandardCharsets.UTF_8));
            b.writeBytes(stderr);
            return b.toString(StandardCharsets.UTF_8);
        }
    }
}
