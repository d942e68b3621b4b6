package dev.hpcenv.shim.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CdiSpecReaderTest {
    @TempDir
    Path dir;

    static final String JSON = """
            {"cdiVersion": "0.6.0", "kind": "nvidia.com/gpu",
             "devices": [
               {"name": "0", "containerEdits": {"deviceNodes": [{"path": "/dev/nvidia0", "type": "c", "major": 195, "minor": 0}]}},
               {"name": "all", "containerEdits": {"deviceNodes": [{"path": "/dev/nvidia0"}, {"path": "/dev/nvidia1"}]}}],
             "containerEdits": {
               "env": ["NVIDIA_VISIBLE_DEVICES=void", "GREETING=grüezi"],
               "mounts": [{"hostPath": "/usr/lib/libcuda.so.1", "containerPath": "/usr/lib/libcuda.so.1", "options": ["ro", "bind"]}],
               "hooks": [{"hookName": "createContainer", "path": "/usr/bin/nvidia-cdi-hook", "args": ["nvidia-cdi-hook", "update-ldcache"], "timeout": 5}]}}
            """;

    static final String YAML = """
            cdiVersion: 0.5.0
            kind: hpe.com/cxi
            devices:
              - name: cxi0
                containerEdits:
                  deviceNodes:
                    - path: /dev/cxi0
                      hostPath: /dev/cxi0
              - name: "1"
            containerEdits:
              env:
                - FI_PROVIDER=cxi
              mounts:
                - hostPath: /opt/cray/libfabric
                  containerPath: /opt/cray/libfabric
                  type: bind
                  options: [rbind, ro]
            """;

    @Test
    void readsJsonAndYamlIntoTheSameModel() throws Exception {
        // When
        CdiSpec json = CdiSpecReader.read(Files.writeString(dir.resolve("nvidia.json"), JSON), 1);
        CdiSpec yaml = CdiSpecReader.read(Files.writeString(dir.resolve("cxi.yaml"), YAML), 0);

        // Then
        assertThat(json.kind()).isEqualTo("nvidia.com/gpu");
        assertThat(json.priority()).isEqualTo(1);
        assertThat(json.devices()).containsOnlyKeys("0", "all");
        assertThat(json.devices().get("0").deviceNodes())
                .containsExactly(new CdiEdits.DeviceNode("/dev/nvidia0", null, "c", 195L, 0L, null, null, null, null));
        assertThat(json.edits().env()).containsExactly("NVIDIA_VISIBLE_DEVICES=void", "GREETING=grüezi");
        assertThat(json.edits().hooks())
                .containsExactly(new CdiEdits.Hook(
                        "createContainer",
                        "/usr/bin/nvidia-cdi-hook",
                        java.util.List.of("nvidia-cdi-hook", "update-ldcache"),
                        java.util.List.of(),
                        5));
        assertThat(yaml.kind()).isEqualTo("hpe.com/cxi");
        assertThat(yaml.devices()).containsOnlyKeys("cxi0", "1");
        assertThat(yaml.devices().get("1")).isEqualTo(CdiEdits.NONE);
        assertThat(yaml.edits().mounts())
                .containsExactly(new CdiEdits.Mount(
                        "/opt/cray/libfabric", "/opt/cray/libfabric", "bind", java.util.List.of("rbind", "ro")));
    }

    static Stream<Arguments> malformed() {
        String ok = "\"cdiVersion\": \"0.6.0\", \"kind\": \"v.com/c\"";
        return Stream.of(
                Arguments.of("x.json", "{", "not valid JSON"),
                Arguments.of("x.yaml", "kind: [", "not valid YAML"),
                Arguments.of("x.json", "[]", "the document must be an object"),
                Arguments.of(
                        "x.json",
                        "{\"kind\": \"v.com/c\", \"devices\": [{\"name\": \"a\"}]}",
                        "'cdiVersion' is required"),
                Arguments.of(
                        "x.json",
                        "{\"cdiVersion\": \"9.9.9\", \"kind\": \"v.com/c\", \"devices\": [{\"name\": \"a\"}]}",
                        "cdiVersion '9.9.9' is not one this shim knows (0.3.0, 0.4.0"),
                Arguments.of(
                        "x.json",
                        "{\"cdiVersion\": \"0.6.0\", \"kind\": \"nokind\", \"devices\": [{\"name\": \"a\"}]}",
                        "kind 'nokind' is not vendor.com/class"),
                Arguments.of("x.json", "{" + ok + ", \"devices\": []}", "devices must list at least one device"),
                Arguments.of(
                        "x.json",
                        "{" + ok + ", \"devices\": [{\"name\": \"a\"}], \"extra\": 1}",
                        "the document: unknown field 'extra'"),
                Arguments.of(
                        "x.json",
                        "{" + ok + ", \"devices\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}",
                        "devices[1]: device 'a' is declared twice"),
                Arguments.of(
                        "x.json",
                        "{" + ok + ", \"devices\": [{\"name\": \"gpü\"}]}",
                        "devices[0]: device name 'gpü' may hold only"),
                Arguments.of(
                        "x.json",
                        "{\"cdiVersion\": \"0.4.0\", \"kind\": \"v.com/c\", \"devices\": [{\"name\": \"a\","
                                + " \"containerEdits\": {\"deviceNodes\": [{\"path\": \"/dev/a\", \"hostPath\": \"/dev/b\"}]}}]}",
                        "devices[0].containerEdits.deviceNodes[0].hostPath needs cdiVersion 0.5.0 or later, the file says 0.4.0"),
                Arguments.of(
                        "x.json",
                        "{" + ok + ", \"devices\": [{\"name\": \"a\","
                                + " \"containerEdits\": {\"deviceNodes\": [{\"path\": \"dev/a\"}]}}]}",
                        "deviceNodes[0].path: 'dev/a' is not an absolute path"),
                Arguments.of(
                        "x.json",
                        "{" + ok + ", \"devices\": [{\"name\": \"a\","
                                + " \"containerEdits\": {\"hooks\": [{\"hookName\": \"later\", \"path\": \"/bin/true\"}]}}]}",
                        "hooks[0].hookName: 'later' is not one of prestart, createRuntime"),
                Arguments.of(
                        "x.json",
                        "{" + ok + ", \"devices\": [{\"name\": \"a\","
                                + " \"containerEdits\": {\"env\": [\"NOVALUE\"]}}]}",
                        "containerEdits.env[0]: 'NOVALUE' is not NAME=VALUE"),
                Arguments.of(
                        "x.json",
                        "{" + ok + ", \"devices\": [{\"name\": \"a\","
                                + " \"containerEdits\": {\"deviceNodes\": [{\"path\": \"/dev/a\", \"major\": -1}]}}]}",
                        "deviceNodes[0].major must be a whole number from 0"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void aMalformedFileIsNamedWithWhatIsWrong(String name, String text, String expected) throws Exception {
        // Given
        Path file = Files.writeString(dir.resolve(name), text);

        // Then
        assertThatThrownBy(() -> CdiSpecReader.read(file, 0))
                .isInstanceOf(CdiSpecReader.Malformed.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void notUtf8IsNamed() throws Exception {
        Path file = Files.write(
                dir.resolve("latin1.json"), "{\"kind\": \"v.com/ä\"}".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CdiSpecReader.read(file, 0)).hasMessage(file + ": is not UTF-8 text");
    }

    @Test
    void aMegabyteSpecIsRead() throws Exception {
        // Given: 20 000 devices, each with a node and an env entry (over a megabyte)
        StringBuilder sb =
                new StringBuilder("{\"cdiVersion\": \"1.0.0\", \"kind\": \"big.example.com/dev\", \"devices\": [");
        for (int i = 0; i < 20_000; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"name\": \"d")
                    .append(i)
                    .append("\", \"containerEdits\": {\"deviceNodes\": [{\"path\": \"/dev/d")
                    .append(i)
                    .append("\"}], \"env\": [\"D")
                    .append(i)
                    .append("=x\"]}}");
        }
        Path file = Files.writeString(dir.resolve("big.json"), sb.append("]}"));
        assertThat(Files.size(file)).isGreaterThan(1 << 20);

        // When
        CdiSpec spec = CdiSpecReader.read(file, 0);

        // Then
        assertThat(spec.devices()).hasSize(20_000);
        assertThat(spec.devices().get("d19999").env()).containsExactly("D19999=x");
    }
}
