package dev.hpcenv.shim.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageFullTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Write failed because No space left on device\\nFATAL ERROR: Failed to write to output filesystem | true",
                "write /tmp/x/oci/blobs/sha256/ab: no space left on device                                    | true",
                "open /store/x: disk quota exceeded                                                             | true",
                "FATAL ERROR: Failed to write to output filesystem                                              | false",
                "manifest unknown                                                                               | false",
            })
    void recognisesTheToolsAndTheKernelsWordsForAFullFileSystem(String stderr, boolean full) {
        assertThat(StorageFull.says(stderr.replace("\\n", "\n"))).isEqualTo(full);
    }

    @Test
    void javaExceptionsCountToo() {
        assertThat(StorageFull.says(
                        new IOException("wrapped", new FileSystemException("/s/x", null, "No space left on device"))))
                .isTrue();
        assertThat(StorageFull.says(new IOException("permission denied"))).isFalse();
    }

    @Test
    void theErrorNamesThePlaceItsFreeSpaceAndTheFix() {
        StorageFull.Place store = new StorageFull.Place(
                "image store", dir.resolve("not/yet/created"), "point image_store at a file system with room");
        ShimException e =
                StorageFull.error("mksquashfs of r/x:1", store, "Write failed because No space left on device");
        assertThat(e.getMessage())
                .startsWith("mksquashfs of r/x:1 failed: the image store " + dir.resolve("not/yet/created")
                        + " ran out of space (")
                .matches("(?s).* \\([0-9.]+ [KMGT]?i?B in all, [0-9.]+ [KMGT]?i?B free without this"
                        + " step's files\\); nothing was kept");
        assertThat(e.oneLine())
                .endsWith("(hint: point image_store at a file system with room)")
                .doesNotContain("\n");
        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(StorageFull.error("x", store, "open: Disk quota exceeded").getMessage())
                .contains("went over its owner's disk quota");
    }

    @Test
    void sizesAreShortAndHuman() {
        assertThat(StorageFull.human(512)).isEqualTo("512 B");
        assertThat(StorageFull.human(12 * 1024)).isEqualTo("12.0 KiB");
        assertThat(StorageFull.human(2L * 1024 * 1024 * 1024)).isEqualTo("2.0 GiB");
    }
}
