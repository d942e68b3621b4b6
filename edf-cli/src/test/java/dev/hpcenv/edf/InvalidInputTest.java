package dev.hpcenv.edf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes of our own making: each is reported as FILE:LINE[:COL]: message (hint: …), exit 1, no stack trace. */
class InvalidInputTest {
    @TempDir
    Path dir;

    private List<String> errors(String... args) {
        var result = InProcessEdf.edf(dir, Map.of("HOME", dir.toString(), "SCRATCH", "/scratch"), args);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        return result.err().lines().toList();
    }

    private List<String> validate(String name, String text) {
        TestSupport.write(dir, name, text);
        return errors("validate", "--system-path", "", "--edf-path", dir.toString(), "./" + name);
    }

    @Test
    void badToml() {
        assertThat(validate("a.toml", "image = \"ubuntu\"\n[env]\nA = \"x\",\n"))
                .containsExactly("./a.toml:3:8: invalid TOML: Unexpected ',', expected a newline or end-of-input"
                        + " (hint: key = value lines take no trailing comma)");
    }

    @Test
    void bindMountFlagsThatTheNodeRefusesAreRefusedByValidate() {
        assertThat(validate("a.toml", "image = \"ubuntu\"\nmounts = [\"/data:/data:rw+suid\"]\n"))
                .containsExactly(
                        "./a.toml:2:11: mounts[0]: mount flag 'suid' is not allowed: bind mounts are always nosuid,nodev"
                                + " (hint: remove 'suid' from the mount's flags)");
    }

    @Test
    void missingCommaBetweenArrayItems() {
        assertThat(validate("a.toml", "mounts = [\n  \"/a:/a\"\n  \"/b:/b\"\n]\n"))
                .containsExactly("./a.toml:3:3: invalid TOML: Unexpected \", expected ], a comma, or a newline"
                        + " (hint: separate array items with commas)");
    }

    @Test
    void duplicateTables() {
        assertThat(validate("a.toml", """
                [annotations]
                com.hooks.ssh.authorize_ssh_key = "/k"
                [annotations.com.hooks.ssh]
                enabled = "true"
                """))
                .containsExactly("./a.toml:3:1: invalid TOML: annotations.com.hooks.ssh previously defined at"
                        + " line 2, column 1 (hint: a key or table may be defined only once; merge the two sections"
                        + " (e.g. keep one [annotations] with dotted keys))");
    }

    @Test
    void wrongTypesAreAllReported() {
        assertThat(validate("a.toml", """
                image = 42
                writable = "true"
                entrypoint = 1
                mounts = "/a:/a"
                devices = ["ok", 3]
                base_environment = 7

                [env]
                DEBUG = false
                NCHANNELS = 4

                [annotations]
                com.ok = true
                com.bad = [1]
                """))
                .containsExactly(
                        "./a.toml:1:1: image: must be a string, not an integer (hint: quote the value)",
                        "./a.toml:2:1: writable: must be a boolean, not a string (hint: write writable = true without quotes)",
                        "./a.toml:3:1: entrypoint: must be a boolean, not an integer (hint: write true or false)",
                        "./a.toml:4:1: mounts: must be an array of strings, not a string (hint: e.g. mounts = [\"…\"])",
                        "./a.toml:5:18: devices[1]: must be a string, not an integer (hint: quote the value)",
                        "./a.toml:6:1: base_environment: must be a string or an array of strings, not an integer"
                                + " (hint: e.g. base_environment = [\"cscs-mlp\"])",
                        "./a.toml:9:1: env.DEBUG: must be a string, not a boolean"
                                + " (hint: environment values are strings: DEBUG = \"false\")",
                        "./a.toml:10:1: env.NCHANNELS: must be a string, not an integer"
                                + " (hint: environment values are strings: NCHANNELS = \"4\")",
                        "./a.toml:14:1: annotations.com.bad: must be a string, boolean or number, not an array"
                                + " (hint: quote the value)");
    }

    @Test
    void badMounts() {
        assertThat(validate("a.toml", """
                mounts = [
                    "/a:/b:/c:ro",
                    "data:/data",
                    "/a:/b:",
                    "/a:/b:ro++private",
                    "/a.sqsh:/b:sqsh+ro",
                    ":/b",
                    "${SCRATCH:-/tmp}:/scratch:ro+private",
                ]
                """))
                .containsExactly(
                        "./a.toml:2:5: mounts[0]: mount '/a:/b:/c:ro' has 4 ':'-separated fields; expected at most 3"
                                + " (hint: write SOURCE[:TARGET[:FLAGS]], e.g. \"${SCRATCH}/data:/data:ro\")",
                        "./a.toml:3:5: mounts[1]: mount source 'data' must be an absolute path or start with ./"
                                + " (hint: write /abs/path, ./relative/path or a variable such as ${SCRATCH})",
                        "./a.toml:4:5: mounts[2]: mount '/a:/b:' has an empty flags field"
                                + " (hint: remove the trailing ':' or write flags such as ro or ro+private)",
                        "./a.toml:5:5: mounts[3]: mount '/a:/b:ro++private' has an invalid flag ''"
                                + " (hint: join flags with +, e.g. ro+private)",
                        "./a.toml:6:5: mounts[4]: mount '/a.sqsh:/b:sqsh+ro' combines sqsh with other flags"
                                + " (hint: sqsh must be the only flag of a Squashfs mount; other flags apply to bind mounts)",
                        "./a.toml:7:5: mounts[5]: mount ':/b' has an empty source"
                                + " (hint: write SOURCE[:TARGET[:FLAGS]], e.g. \"${SCRATCH}/data:/data:ro\")");
    }

    @Test
    void badImagesAndVariableSyntax() {
        assertThat(validate("a.toml", """
                image = "alpine: *19"
                workdir = "${SCRATCH"
                containerfile = "${SCRATCH:1}/x"
                """))
                .containsExactly(
                        "./a.toml:1:1: image: image 'alpine: *19' contains whitespace",
                        "./a.toml:2:1: workdir: unterminated variable reference '${SCRATCH'"
                                + " (hint: close it with }, or write $$ for a literal $)",
                        "./a.toml:3:1: containerfile: unsupported expansion '${SCRATCH:1}/x'"
                                + " (hint: only ${VAR} and ${VAR:-default} are supported; write $$ for a literal $)");
    }

    @Test
    void undefinedVariablesNameVariableFileLineAndKey() {
        TestSupport.write(dir, "base.toml", "mounts = [\"${PROJECT}/data:/data\"]\n");
        TestSupport.write(dir, "a.toml", """
                base_environment = "./base.toml"
                image = "${SCRATCH}/img.sqsh"

                [env]
                TOKEN_DIR = "${SECRETS_DIR}"
                EMPTY_OK = "${UNSET_BUT_DEFAULTED:-}"
                """);
        assertThat(errors("render", "./a.toml"))
                .containsExactly(
                        "./base.toml:1:11: mounts[0].source: undefined variable ${PROJECT}"
                                + " (hint: set PROJECT in the environment, or write ${PROJECT:-} for an empty default)",
                        "./a.toml:5:1: env.TOKEN_DIR: undefined variable ${SECRETS_DIR}"
                                + " (hint: set SECRETS_DIR in the environment, or write ${SECRETS_DIR:-} for an empty default)");
    }

    @Test
    void anImageThatIsInvalidOnlyAfterExpansionIsReportedAtItsLine() {
        TestSupport.write(dir, "a.toml", "workdir = \"/w\"\nimage = \"${MISSING:-Ubuntu}:24.04\"\n");
        assertThat(errors("render", "./a.toml"))
                .containsExactly("./a.toml:2:1: image: image 'Ubuntu:24.04' has an invalid repository 'Ubuntu'"
                        + " (hint: repository names are lowercase)");
    }

    @Test
    void emptyScalarsAreIgnoredWithAWarning() {
        TestSupport.write(dir, "a.toml", "image = \"\"\n");
        var result = InProcessEdf.edf(dir, Map.of(), "render", "./a.toml");
        assertThat(result.exitCode()).isZero();
        assertThat(result.err())
                .isEqualTo("./a.toml:1:1: warning: image: an empty value is the same as no value; it is"
                        + " ignored (hint: remove the line; a base's value cannot be cleared, only replaced)\n");
        assertThat(result.out()).contains("\"image\": null");
    }

    @Test
    void missingBasesAreErrorsWhenResolvingAndWarningsWhenValidating() {
        TestSupport.write(dir, "a.toml", "base_environment = [\"nope\", \"./missing.toml\", \"a/b\"]\n");
        List<String> expected = List.of(
                "./a.toml:1:21: base_environment[0]: environment 'nope' not found in " + dir
                        + " (hint: put nope.toml in one of those directories, set EDF_PATH, or give a path (./nope.toml))",
                "./a.toml:1:29: base_environment[1]: environment file './missing.toml' not found"
                        + " (hint: relative paths are relative to the current directory " + dir
                        + ", not to the EDF file)",
                "./a.toml:1:47: base_environment[2]: 'a/b' is neither a path nor an environment name"
                        + " (hint: start a relative path with ./ (or end it in .toml); a name has no '/')");
        assertThat(errors("render", "--system-path", "", "--edf-path", dir.toString(), "./a.toml"))
                .containsExactlyElementsOf(expected);

        // The file itself is valid; its bases may exist where it is used.
        var validate = InProcessEdf.edf(
                dir, Map.of(), "validate", "--system-path", "", "--edf-path", dir.toString(), "./a.toml");
        assertThat(validate.exitCode()).isZero();
        assertThat(validate.err().lines())
                .containsExactlyElementsOf(expected.stream()
                        .map(l -> l.replaceFirst(": base_environment", ": warning: base_environment"))
                        .toList());
    }

    @Test
    void aMissingEnvironmentOnTheCommandLine() {
        assertThat(errors("render", "--edf-path", dir.toString(), "--system-path", "/nonexistent", "ghost"))
                .containsExactly(
                        "ghost: environment 'ghost' not found in " + dir + ":/nonexistent (hint: put ghost.toml"
                                + " in one of those directories, set EDF_PATH, or give a path (./ghost.toml))");
    }

    @Test
    void cyclesNameTheWholeCycle() {
        TestSupport.write(dir, "a.toml", "base_environment = \"b\"\n");
        TestSupport.write(dir, "b.toml", "image = \"ubuntu\"\nbase_environment = [\"c\"]\n");
        TestSupport.write(dir, "c.toml", "base_environment = \"a\"\n");
        assertThat(errors("validate", "--edf-path", dir.toString(), "a"))
                .containsExactly(
                        dir + "/c.toml:1:1: base_environment: base_environment cycle: " + dir + "/a.toml -> " + dir
                                + "/b.toml -> " + dir + "/c.toml -> " + dir + "/a.toml"
                                + " (hint: remove one of these base_environment references)");
    }

    @Test
    void tenLevelsOfBasesAreFineElevenAreNot() {
        // level0 -> level1 -> ... -> level10: ten levels of bases.
        for (int i = 0; i < 10; i++) {
            TestSupport.write(dir, "level" + i + ".toml", "base_environment = \"level" + (i + 1) + "\"\n");
        }
        TestSupport.write(dir, "level10.toml", "image = \"ubuntu\"\n");
        var ok = InProcessEdf.edf(dir, Map.of(), "render", "--edf-path", dir.toString(), "level0");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();

        TestSupport.write(dir, "level11.toml", "image = \"ubuntu\"\n");
        TestSupport.write(dir, "level10.toml", "base_environment = \"level11\"\n");
        List<String> lines = errors("render", "--edf-path", dir.toString(), "level0");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .startsWith(dir + "/level10.toml:1:1: base_environment: more than 10 levels of" + " base_environment: "
                        + dir + "/level0.toml -> ")
                .endsWith(dir + "/level10.toml -> " + dir
                        + "/level11.toml (hint: flatten some levels (edf convert --flatten) or drop a base)");
    }

    @Test
    void unknownKeysWarnAndFailWithStrict() {
        TestSupport.write(dir, "a.toml", "image = \"ubuntu\"\nmount = [\"/a\"]\n");
        var lenient = InProcessEdf.edf(dir, Map.of(), "validate", "./a.toml");
        assertThat(lenient.exitCode()).isZero();
        assertThat(lenient.err())
                .isEqualTo("./a.toml:2:1: warning: unknown key 'mount' (hint: did you mean 'mounts'?)\n");

        assertThat(errors("validate", "--strict", "./a.toml"))
                .containsExactly("./a.toml:2:1: unknown key 'mount' (hint: did you mean 'mounts'?)");
    }

    @Test
    void unreadableInputs() {
        TestSupport.write(dir, "sub/x.txt", "");
        assertThat(errors("validate", "./sub.toml", "./sub/"))
                .containsExactly(
                        "./sub.toml: environment file './sub.toml' not found (hint: relative paths are relative to the current"
                                + " directory " + dir + ", not to the EDF file)",
                        "./sub/: is a directory, not an EDF file (hint: name the .toml files inside it, e.g. edf validate DIR/*.toml)");
    }

    @Test
    void invalidUtf8() throws Exception {
        java.nio.file.Files.write(dir.resolve("a.toml"), new byte[] {'i', ' ', '=', ' ', '"', (byte) 0xff, '"', '\n'});
        assertThat(errors("validate", "./a.toml"))
                .containsExactly("./a.toml: not valid UTF-8 (hint: EDF files are TOML, which must be UTF-8)");
    }

    @Test
    void documentedAnnotationsWithValuesTheDocumentationDoesNotAllow() {
        assertThat(validate("a.toml", """
                image = "ubuntu"
                [annotations]
                com.hooks.ssh.port = 4294967297
                com.hooks.nvidia_cuda_mps.enabled = "on"
                com.hooks.netstack.name = "a/b"
                """))
                .containsExactly(
                        "./a.toml:3:1: annotations.com.hooks.ssh.port: '4294967297' is not a TCP port; allowed: 1 to"
                                + " 65535 (hint: leave it out for the default 15263)",
                        "./a.toml:4:1: annotations.com.hooks.nvidia_cuda_mps.enabled: 'on' is not a switch value;"
                                + " allowed: \"true\", \"false\" (hint: write com.hooks.nvidia_cuda_mps.enabled ="
                                + " \"true\")",
                        "./a.toml:5:1: annotations.com.hooks.netstack.name: 'a/b' is not a network stack artifact name"
                                + " (one name: letters, digits and . _ - : , + = @, no '/') (hint: e.g. \"latest\" or"
                                + " \"default\")");
    }

    @Test
    void tomlBooleansAreSwitchValuesToo() {
        TestSupport.write(dir, "b.toml", "image = \"ubuntu\"\n[annotations]\ncom.hooks.dcgm.enabled = true\n");
        var result = InProcessEdf.edf(dir, Map.of(), "validate", "./b.toml");
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    @Test
    void anEnvEntryReferringToAnotherIsReportedWithTheRule() {
        assertThat(errors(
                        "render",
                        "--system-path",
                        "",
                        "--edf-path",
                        TestSupport.write(
                                        dir,
                                        "e.toml",
                                        "image = \"ubuntu\"\n[env]\nROOT = \"/opt\"\nBIN = \"${ROOT}/bin\"\n")
                                .getParent()
                                .toString(),
                        "./e.toml"))
                .containsExactly("./e.toml:4:1: env.BIN: undefined variable ${ROOT} (hint: [env] entries cannot refer"
                        + " to other [env] entries (ROOT is set at ./e.toml:3); set ROOT in the environment the job is"
                        + " submitted from, or write the value itself)");
    }

    @Test
    void relativePathsWithoutDotSlashAreRefusedWithTheFix() {
        assertThat(validate("r.toml", "image = \"img.sqsh\"\nworkdir = \"out\"\n"))
                .containsExactly(
                        "./r.toml:1:1: image: image 'img.sqsh' looks like a Squashfs file, but a relative path starts"
                                + " with ./ (hint: write ./img.sqsh (relative to the directory the job starts in) or an"
                                + " absolute path)",
                        "./r.toml:2:1: workdir: not an absolute path, and a relative one starts with ./ (hint: write"
                                + " /abs/path, ./out (relative to the directory the job starts in) or start with a"
                                + " variable such as ${SCRATCH})");
    }
}
