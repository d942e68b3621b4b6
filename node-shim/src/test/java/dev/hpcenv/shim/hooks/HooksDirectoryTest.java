package dev.hpcenv.shim.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hpcenv.shim.bundle.HookStage;
import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HooksDirectoryTest {
    @TempDir
    Path dir;

    /** A Sarus template (MPI hook), as shipped, with its install path filled in. */
    private static final String SARUS_MPI = """
            {
                "version": "1.0.0",
                "hook": {
                    "path": "/bin/true",
                    "env": ["LDCONFIG_PATH=/sbin/ldconfig", "MPI_LIBS=/usr/lib/libmpi.so.12"]
                },
                "when": { "annotations": { "^com.hooks.mpi.enabled$": "^true$" } },
                "stages": ["createContainer"]
            }
            """;

    @Test
    void sarusAndPodmanFilesDropInAndAreOrderedByLowerCaseName() throws Exception {
        Files.writeString(dir.resolve("B-mpi.json"), SARUS_MPI);
        Files.writeString(dir.resolve("a-nvidia.json"), """
                {"version": "1.0.0", "hook": {"path": "/bin/true", "args": ["true", "prestart"], "timeout": 5},
                 "when": {"always": true}, "stages": ["prestart"]}""");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        List<HookFile> files = new HooksDirectory(false).load(dir);
        assertThat(files).extracting(HookFile::name).containsExactly("a-nvidia", "B-mpi");
        assertThat(files.get(0).ociStages())
                .as("prestart runs as createRuntime, as in podman")
                .containsExactly(HookStage.createRuntime);
        assertThat(files.get(0).hook().timeout()).isEqualTo(5);
        assertThat(files.get(1).hook().env()).contains("MPI_LIBS=/usr/lib/libmpi.so.12");
        assertThat(files.get(1).when().annotations()).hasSize(1);
    }

    @Test
    void theExampleSiteLoadsAsRootWouldInstallIt() throws Exception {
        assumeTrue(isRoot(), "ownership checks need root-owned files");
        List<HookFile> files = new HooksDirectory(true).load(ExampleSite.SOURCE.resolve("hooks.d"));
        assertThat(files)
                .extracting(HookFile::name)
                .containsExactly("aws_ofi_nccl", "cuda_mps", "cxi", "dcgm", "mpi", "nvidia", "pmix", "slurm", "ssh");
    }

    @Test
    void everyMistakeNamesTheFile() throws Exception {
        assertProblem(
                "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/true\"}, \"when\": {\"annotations\": "
                        + "{\"^com.hooks.x(\": \"true\"}}, \"stages\": [\"createContainer\"]}",
                "invalid regular expression '^com.hooks.x('");
        assertProblem(
                "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/true\"}, \"when\": {\"always\": true},"
                        + " \"stages\": [\"beforeStart\"]}",
                "unknown stage 'beforeStart'");
        assertProblem(
                "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"true\"}, \"when\": {\"always\": true},"
                        + " \"stages\": [\"poststop\"]}",
                "'hook.path' must be an absolute path");
        assertProblem(
                "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/true\"}, \"when\": {},"
                        + " \"stages\": [\"poststop\"]}",
                "'when' must be an object with at least one of");
        assertProblem(
                "{\"version\": \"2.0\", \"hook\": {\"path\": \"/bin/true\"}, \"when\": {\"always\": true},"
                        + " \"stages\": [\"poststop\"]}",
                "'version' must be \"1.0.0\"");
        assertProblem("{\"version\": \"1.0.0\", ", "is not valid JSON");
    }

    private void assertProblem(String json, String expected) throws Exception {
        Path f = Files.writeString(dir.resolve("broken.json"), json);
        assertThatThrownBy(() -> new HooksDirectory(false).load(dir))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("hooks file " + f + ": ")
                .hasMessageContaining(expected);
        Files.delete(f);
    }

    @Test
    void filesAndExecutablesThatAreNotRootOwnedOrAreWritableByOthersAreRefused() throws Exception {
        assumeTrue(isRoot(), "ownership checks need root");
        Path trusted = Files.createDirectory(dir.resolve("hooks.d"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path hook = Files.writeString(trusted.resolve("mpi.json"), SARUS_MPI);
        assertThat(new HooksDirectory(true).load(trusted)).hasSize(1);

        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> new HooksDirectory(true).load(trusted))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(hook + " is writable by group or others");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rw-r--r--"));

        Files.setAttribute(hook, "unix:uid", 65534);
        assertThatThrownBy(() -> new HooksDirectory(true).load(trusted))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("hooks file " + hook)
                .hasMessageContaining("is not owned by root");
        Files.setAttribute(hook, "unix:uid", 0);

        Path exe = Files.copy(Path.of("/bin/true"), dir.resolve("user-true"));
        Files.setAttribute(exe, "unix:uid", 65534);
        Files.writeString(hook, SARUS_MPI.replace("\"/bin/true\"", "\"" + exe + "\""));
        assertThatThrownBy(() -> new HooksDirectory(true).load(trusted))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining("hook.path " + exe + " is not trusted");
    }

    @Test
    void conditionsFollowPodman() {
        HookCondition.AnnotationPattern cxi = new HookCondition.AnnotationPattern(
                java.util.regex.Pattern.compile("com.hooks.cxi.enabled"), java.util.regex.Pattern.compile("^true$"));
        HookCondition c =
                new HookCondition(null, List.of(cxi), List.of(java.util.regex.Pattern.compile("python")), true);
        assertThat(c.match(
                        new HookCondition.Subject(Map.of("com.hooks.cxi.enabled", "true"), "/usr/bin/python3", true)))
                .as("unanchored patterns match substrings, as podman's")
                .isPresent();
        assertThat(c.match(new HookCondition.Subject(Map.of("com.hooks.cxi.enabled", "true"), "/bin/sh", true)))
                .isEmpty();
        assertThat(c.match(new HookCondition.Subject(Map.of("com.hooks.cxi.enabled", "false"), "python", true)))
                .isEmpty();
        assertThat(c.match(new HookCondition.Subject(Map.of("com.hooks.cxi.enabled", "true"), "python", false)))
                .isEmpty();
        assertThat(new HookCondition(false, List.of(), List.of(), null)
                        .match(new HookCondition.Subject(Map.of(), "x", false)))
                .isEmpty();
        assertThat(new HookCondition(true, List.of(), List.of(), null)
                        .match(new HookCondition.Subject(Map.of(), "x", false)))
                .contains("always");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
