package dev.hpcenv.shim.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CdiRegistryTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "nvidia.com/gpu=0, nvidia.com/gpu=0",
        "nvidia.com/gpu=1, nvidia.com/gpu=1",
        "nvidia.com/gpu=all, nvidia.com/gpu=0 nvidia.com/gpu=1",
        "hpe.com/cxi=all, hpe.com/cxi=all",
        "nvidia.com/gpu=7, ''",
        "amd.com/gpu=all, ''",
    })
    void aNameSelectsOneDeviceOrAllOfItsKind(String name, String expected) throws Exception {
        // Given: cxi has a device named "all" itself, gpu does not
        CdiFixtures.spec(dir.resolve("etc"), "nvidia.json", "nvidia.com/gpu", "0", "1");
        CdiFixtures.spec(dir.resolve("etc"), "cxi.json", "hpe.com/cxi", "cxi0", "all");
        CdiRegistry r = CdiRegistry.scan(List.of(dir.resolve("etc")), SpecTrust.ANY);

        // When
        List<String> found = r.lookup(CdiName.parse(name)).stream()
                .map(d -> d.spec().kind() + "=" + d.name())
                .toList();

        // Then
        assertThat(String.join(" ", found)).isEqualTo(expected);
    }

    @Test
    void aLaterDirectoryWinsAndTwoFilesOfOneDirectoryConflict() throws Exception {
        // Given: /etc/cdi-like and /var/run/cdi-like, the second overriding gpu=0; two files of the
        // first both declaring gpu=1
        Path stat = dir.resolve("static");
        Path dyn = dir.resolve("dynamic");
        CdiFixtures.spec(stat, "a.json", "nvidia.com/gpu", "0", "1");
        CdiFixtures.spec(stat, "b.yaml.json", "nvidia.com/gpu", "1", "2");
        CdiFixtures.spec(dyn, "c.json", "nvidia.com/gpu", "0");

        // When
        CdiRegistry r = CdiRegistry.scan(List.of(stat, dyn, dir.resolve("missing")), SpecTrust.ANY);

        // Then
        assertThat(r.lookup(CdiName.parse("nvidia.com/gpu=0")))
                .singleElement()
                .satisfies(d -> assertThat(d.spec().file()).isEqualTo(dyn.resolve("c.json")));
        assertThat(r.lookup(CdiName.parse("nvidia.com/gpu=1"))).isEmpty();
        assertThat(r.conflict(CdiName.parse("nvidia.com/gpu=1")))
                .contains("declared by both " + stat.resolve("a.json") + " and " + stat.resolve("b.yaml.json"));
        assertThat(r.lookup(CdiName.parse("nvidia.com/gpu=all")))
                .extracting(CdiRegistry.Device::name)
                .containsExactlyInAnyOrder("0", "2");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void aMalformedFileIsRecordedAndHidesNothingElse() throws Exception {
        // Given
        Path etc = dir.resolve("etc");
        CdiFixtures.spec(etc, "good.json", "nvidia.com/gpu", "0");
        Files.writeString(etc.resolve("broken.yaml"), "cdiVersion: 0.6.0\nkind: hpe.com/cxi\ndevices: {}\n");
        Files.writeString(etc.resolve("notes.txt"), "not a spec, ignored");

        // When
        CdiRegistry r = CdiRegistry.scan(List.of(etc), SpecTrust.ANY);

        // Then
        assertThat(r.lookup(CdiName.parse("nvidia.com/gpu=0"))).hasSize(1);
        assertThat(r.problems())
                .containsExactly(etc.resolve("broken.yaml") + ": devices must list at least one device");
        assertThat(r.known()).isEqualTo("nvidia.com/gpu (all, 0)");
    }

    @Test
    void aSpecOthersMayWriteIsNotUsed() throws Exception {
        // Given: the rule of hooks.d files, for real (needs root-owned files)
        org.junit.jupiter.api.Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "ownership checks need root");
        Path etc = dir.resolve("etc");
        CdiFixtures.spec(etc, "good.json", "nvidia.com/gpu", "0");
        Path open = CdiFixtures.spec(etc, "open.json", "hpe.com/cxi", "all");
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));

        // When
        CdiRegistry r = CdiRegistry.scan(List.of(etc));

        // Then
        assertThat(r.kinds()).containsExactly("nvidia.com/gpu");
        assertThat(r.problems())
                .containsExactly(open + ": not trusted: " + open + " is writable by group or others"
                        + " (CDI specifications must be root's and writable by nobody else)");
    }

    @Test
    void knownListsKindsWithTheirNamesAndCutsLongLists() throws Exception {
        Path etc = dir.resolve("etc");
        CdiFixtures.spec(etc, "nvidia.json", "nvidia.com/gpu", "0", "1");
        CdiFixtures.spec(etc, "cxi.json", "hpe.com/cxi", "all");
        CdiFixtures.spec(etc, "many.json", "many.example.com/dev", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(CdiRegistry.scan(List.of(etc), SpecTrust.ANY).known())
                .isEqualTo("hpe.com/cxi (all), many.example.com/dev (all, 0, 1, 2, 3, 4, 5, 6, ... 3 more),"
                        + " nvidia.com/gpu (all, 0, 1)");
        assertThat(CdiRegistry.scan(List.of(dir.resolve("none")), SpecTrust.ANY).known())
                .isEqualTo("none");
    }
}
