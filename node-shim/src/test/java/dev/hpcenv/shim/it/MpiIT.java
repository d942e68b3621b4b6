package dev.hpcenv.shim.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.state.TreeRemover;
import dev.hpcenv.shim.support.JobShape;
import dev.hpcenv.shim.support.MpiTestImage;
import dev.hpcenv.shim.support.Processes;
import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimResult;
import dev.hpcenv.shim.support.ShimSite;
import dev.hpcenv.shim.support.ShimTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MPI inside hpcenv containers on the real (local) Slurm, as an HpcJob runs it: sbatch with the
 * operator's batch script, whose {@code srun --mpi=$HPCENV_MPI} starts one shim per task, and the
 * program {@link MpiTestImage#PROGRAM} in every container does an {@code MPI_Allreduce} of
 * rank+1. Two paths:
 *
 * <ul>
 *   <li>{@code pmi2}: an image without MPI, linked against the MPICH ABI; the example site's
 *       {@code mpi} hook binds the host's MPICH (Debian's libmpich12) over its stub, and Slurm's
 *       pmi2 socket reaches it (the papers' "host MPI");
 *   <li>{@code pmix}: the image's own Open MPI 4.1 with its PMIx 4.2 client, talking to the PMIx
 *       server of Slurm's mpi/pmix plugin through what the {@code pmix} hook passes in (the
 *       container's own MPI).
 * </ul>
 *
 * Each runs with 4 tasks on one node and with {@code nodes=3, tasksPerNode=2}, which needs a
 * cluster of at least 3 nodes ({@code dev/slurm-local.sh start --nodes 3}; read from
 * {@code HPCENV_SLURM_NODES}) and is skipped, with a line on stderr, otherwise. On a multi-node
 * cluster every file the nodes read lives under {@code HPCENV_SLURM_SHARED_DIR}.
 */
@ShimIntegration
class MpiIT {
    private static final Pattern RANK_LINE =
            Pattern.compile("^rank=(\\d+) size=(\\d+) host=(\\S+) sum=(-?\\d+)$", Pattern.MULTILINE);
    /** The operator's BatchScript.TEXT (node-shim cannot depend on the operator module). */
    private static final String BATCH_SCRIPT = """
            #!/bin/sh
            exec srun --mpi="${HPCENV_MPI:-none}" "${HPCENV_SHIM:-hpcenv-shim}" run --spec-env HPCENV_SPEC --argv-env HPCENV_ARGV
            """;

    enum MpiPath {
        // The mpi hook's site env sets UCX_POSIX_USE_PROC_LINK=n (docs/hooks.md, Known limits).
        PMI2_HOST_MPICH("pmi2", MpiTestImage.HOST_MPICH_ABI, "mpi"),
        PMIX_OPEN_MPI("pmix", MpiTestImage.OPEN_MPI, "pmix");

        final String slurmMpi;
        final MpiTestImage image;
        /** The hook that makes this path work (hooks.d/NAME.json of the example site). */
        final String hook;

        MpiPath(String slurmMpi, MpiTestImage image, String hook) {
            this.slurmMpi = slurmMpi;
            this.image = image;
            this.hook = hook;
        }
    }

    /** What sbatch --wait said, and the job's output file. */
    record JobRun(ShimResult sbatch, String output) {
        @Override
        public String toString() {
            return sbatch + "\njob output:\n" + output;
        }
    }

    static Map<String, String> slurm;
    static List<String> clusterNodes;
    /** Where the files every node reads go: the cluster's shared directory, or the test's own. */
    static Path clusterDir;

    static Path hooksDir;

    @BeforeAll
    static void cluster() throws Exception {
        ShimTestEnv env = ShimTestEnv.get();
        slurm = localSlurm();
        clusterNodes = JobShape.nodeNames(setting("HPCENV_SLURM_NODES"));
        String shared = setting("HPCENV_SLURM_SHARED_DIR");
        clusterDir = shared == null || shared.isBlank()
                ? env.base
                : Files.createTempDirectory(
                        Path.of(shared),
                        "hpcenv-mpi-it-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        // hooks.d must be root's and written by nobody else (the sites are the job user's).
        hooksDir = Files.createTempDirectory(
                clusterDir,
                "mpi-hooks-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path source = Path.of(System.getProperty("hpcenv.root", ".."))
                .toAbsolutePath()
                .normalize()
                .resolve("examples/site");
        Processes.runOk(List.of("cp", "-r", source.resolve("hooks.d").toString(), hooksDir.toString()), null);
        Processes.runOk(List.of("chmod", "-R", "go-w,a+rX", hooksDir.toString()), null);
    }

    @AfterAll
    static void removeSharedFiles() throws Exception {
        if (clusterDir != null && !clusterDir.equals(ShimTestEnv.get().base)) {
            TreeRemover.remove(clusterDir);
        } else if (hooksDir != null) {
            TreeRemover.remove(hooksDir);
        }
    }

    static Stream<Arguments> jobs() {
        List<Arguments> out = new ArrayList<>();
        for (MpiPath p : MpiPath.values()) {
            out.add(Arguments.of(p, JobShape.total(1, 4)));
            out.add(Arguments.of(p, JobShape.perNode(3, 2)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jobs")
    void everyRankPrintsTheSumOfAllRanksAndTheJobSucceeds(MpiPath path, JobShape shape) throws Exception {
        shape.unmetBy(clusterNodes).ifPresent(why -> {
            System.err.println("MpiIT: SKIPPED " + path + " " + shape + ": " + why);
            Assumptions.abort(why);
        });
        boolean multiNode = shape.nodes() > 1;
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, siteToml(), clusterDir, multiNode)) {
            JobRun run = submit(site, path, shape, true);
            assertThat(run.sbatch().exitCode())
                    .as("sbatch --wait: the job's exit code\n" + run)
                    .isZero();
            List<Integer> ranks = new ArrayList<>();
            Matcher m = RANK_LINE.matcher(run.output());
            while (m.find()) {
                ranks.add(Integer.parseInt(m.group(1)));
                int size = Integer.parseInt(m.group(2));
                assertThat(size).as(run.toString()).isEqualTo(shape.size());
                assertThat(Integer.parseInt(m.group(4)))
                        .as("rank %s's sum\n%s", m.group(1), run)
                        .isEqualTo(size * (size + 1) / 2);
            }
            assertThat(ranks.stream().sorted().toList())
                    .as("every rank of the world printed once\n" + run)
                    .containsExactlyElementsOf(
                            IntStream.range(0, shape.size()).boxed().toList());
            assertThat(RANK_LINE
                            .matcher(run.output())
                            .results()
                            .map(x -> x.group(3))
                            .distinct())
                    .as("the ranks ran on as many hosts as the job has nodes\n" + run)
                    .hasSize(shape.nodes());
            assertThat(site.leftovers()).as(run.toString()).isEmpty();
        }
    }

    /**
     * The control: the same job with the path's hook switched off fails in MPI_Init (pmi2: the
     * image's libmpich.so.12 is a stub; pmix: the PMIx client cannot reach the server's dstore),
     * so the hook is what makes each path work.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(MpiPath.class)
    void withoutItsHookTheSameJobFails(MpiPath path) throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, siteToml(), clusterDir, false)) {
            JobRun run = submit(site, path, JobShape.total(1, 2), false);
            assertThat(run.sbatch().exitCode()).as(run.toString()).isNotZero();
            assertThat(run.output()).as(run.toString()).doesNotContain("sum=").contains("MPI_");
            assertThat(site.leftovers()).as(run.toString()).isEmpty();
        }
    }

    /** sbatch --wait of the operator's batch script, as the test user, with the job's data in its environment. */
    private static JobRun submit(ShimSite site, MpiPath path, JobShape shape, boolean hookOn) throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of(path.image.compiler())),
                path.image.compiler() + " is missing: run dev/install-deps.sh");
        ShimTestEnv env = ShimTestEnv.get();
        if (path == MpiPath.PMIX_OPEN_MPI) {
            requirePmixPlugin(env);
        }
        Path image = path.image.get();
        Path launcher = site.nodeLocalState ? env.launcherIn(clusterDir.resolve("install")) : env.launcher();
        String spec = "{\"image\":\"" + image + "\",\"annotations\":{\"com.hooks." + path.hook + ".enabled\":\""
                + hookOn + "\",\"com.hooks.cxi.enabled\":\"false\"}}";
        Path script = site.work().resolve("job.sh");
        Files.writeString(script, BATCH_SCRIPT);
        Path output = site.work().resolve("job.out");
        site.own(site.work());

        List<String> cmd = new ArrayList<>(List.of(
                "runuser",
                "-u",
                env.user,
                "--",
                "env",
                "SLURM_CONF=" + slurm.get("SLURM_CONF"),
                "HPCENV_SHIM_CONFIG=" + site.config,
                "HPCENV_SPEC=" + spec,
                "HPCENV_ARGV=[\"" + MpiTestImage.PROGRAM + "\"]",
                "HPCENV_MPI=" + path.slurmMpi,
                "HPCENV_SHIM=" + launcher,
                "timeout",
                "400",
                "sbatch",
                "--wait",
                "--job-name=hpcenv-mpi-it",
                "--time=5",
                "--output=" + output));
        cmd.addAll(shape.sbatchOptions());
        cmd.add(script.toString());
        ShimResult r = Processes.run(cmd, site.work());
        return new JobRun(r, Files.exists(output) ? Files.readString(output) : "(no job output)");
    }

    /**
     * Slurm's mpi/pmix plugin loads libpmix when slurmd starts: a slurmd started before libpmix-dev
     * (which ships the libpmix.so it dlopens) was installed refuses every pmix step ("_send_slurmstepd_init failed") until restarted.
     */
    private static void requirePmixPlugin(ShimTestEnv env) throws Exception {
        ShimResult probe = Processes.run(
                List.of(
                        "runuser",
                        "-u",
                        env.user,
                        "--",
                        "env",
                        "SLURM_CONF=" + slurm.get("SLURM_CONF"),
                        "timeout",
                        "120",
                        "srun",
                        "--mpi=pmix",
                        "--ntasks=1",
                        "--job-name=hpcenv-mpi-it-probe",
                        "true"),
                null);
        assertThat(probe.exitCode())
                .as("srun --mpi=pmix true fails on the local Slurm: are libpmix2 and libpmix-dev (dev/install-deps.sh)"
                        + " installed,"
                        + " and was slurmd started after it? (restart: dev/slurm-local.sh stop; dev/slurm-local.sh"
                        + " start)\n" + probe)
                .isZero();
    }

    /** From dev/slurm-local.sh env, else from this process's environment. */
    private static String setting(String name) {
        String v = slurm.get(name);
        return v == null || v.isBlank() ? System.getenv(name) : v;
    }

    private static String siteToml() throws Exception {
        Path source = Path.of(System.getProperty("hpcenv.root", ".."))
                .toAbsolutePath()
                .normalize()
                .resolve("examples/site/shim.toml");
        return Files.readString(source)
                .replace("dir = \"/etc/hpcenv/hooks.d\"", "dir = \"" + hooksDir.resolve("hooks.d") + "\"");
    }

    private static Map<String, String> localSlurm() throws Exception {
        Path script = Path.of(System.getProperty("hpcenv.root", ".."))
                .toAbsolutePath()
                .normalize()
                .resolve("dev/slurm-local.sh");
        ShimResult started = Processes.run(List.of(script.toString(), "start"), null);
        if (started.exitCode() != 0) {
            throw new AssertionError(
                    "local Slurm did not start:\n" + started + Processes.run(List.of(script.toString(), "logs"), null));
        }
        Map<String, String> out = new HashMap<>();
        Processes.runOk(List.of(script.toString(), "env"), null)
                .stdout()
                .lines()
                .filter(l -> l.contains("="))
                .forEach(l -> out.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return out;
    }
}
