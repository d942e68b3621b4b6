package dev.hpcenv.shim.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.error.ShimException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
    @TempDir
    Path dir;

    @Test
    void aUtf8SpecKeepsItsTextAndAnotherEncodingIsNamed() throws Exception {
        Path good = Files.write(
                dir.resolve("good.json"), "{\"env\":{\"G\":\"grüße 漢字 😀\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(new SpecLoader(Map.of(), dir)
                        .load(new EnvironmentSource.SpecFile(good))
                        .getEnv())
                .containsEntry("G", "grüße 漢字 😀");
        Path latin1 = Files.write(
                dir.resolve("latin1.json"), "{\"env\":{\"G\":\"grüße\"}}".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> new SpecLoader(Map.of(), dir).load(new EnvironmentSource.SpecFile(latin1)))
                .isInstanceOf(ShimException.class)
                .hasMessage("--spec " + latin1 + ": not UTF-8 text");
    }
}
