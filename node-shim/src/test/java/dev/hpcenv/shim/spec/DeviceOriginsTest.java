package dev.hpcenv.shim.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each {@code devices} entry was written: an EDF's file and line (bases first), or the data's source and index. */
class DeviceOriginsTest {
    @TempDir
    Path dir;

    @Test
    void anEdfNamesFileAndLineOfEachEntryAcrossBases() throws Exception {
        // Given
        Files.writeString(dir.resolve("base.toml"), "image = \"r#a/b:1\"\ndevices = [\"hpe.com/cxi=all\"]\n");
        Files.writeString(
                dir.resolve("job.toml"),
                "base_environment = \"./base.toml\"\n\ndevices = [\n  \"nvidia.com/gpu=all\",\n  \"/dev/gdrdrv\",\n]\n");

        // When
        PendingEnvironment p = new SpecLoader(Map.of(), dir).loadPending(new EnvironmentSource.Edf("./job.toml", null));

        // Then
        assertThat(p.rest(Map.of(), p.image()).getDevices())
                .containsExactly("hpe.com/cxi=all", "nvidia.com/gpu=all", "/dev/gdrdrv");
        assertThat(p.deviceOrigins())
                .hasSize(3)
                .satisfies(o -> assertThat(o.get(0)).endsWith("base.toml:2: devices[0]"))
                .satisfies(o -> assertThat(o.get(1)).endsWith("job.toml:4: devices[0]"))
                .satisfies(o -> assertThat(o.get(2)).endsWith("job.toml:5: devices[1]"));
    }

    @Test
    void theOperatorsJsonNamesItsVariableAndTheIndex() {
        PendingEnvironment p = new SpecLoader(
                        Map.of("HPCENV_SPEC", "{\"image\":\"r#a/b:1\",\"devices\":[\"a.com/b=c\",\"/dev/x\"]}"), dir)
                .loadPending(new EnvironmentSource.SpecVariable("HPCENV_SPEC"));
        assertThat(p.deviceOrigins()).containsExactly("HPCENV_SPEC: devices[0]", "HPCENV_SPEC: devices[1]");
    }
}
