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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A full file system under the image store or the temp_dir (a 256 KiB tmpfs, smaller than the test
 * image): one line naming the place, its free space and the fix; nothing half-written survives.
 */
@ShimIntegration
class StorageFullIT {

    @Test
    void aFullImageStoreIsNamedWithItsFreeSpaceAndTheFixAndKeepsNoPartialImage() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), false, null)) {
            Path small = Files.createDirectories(site.env.base.resolve("small-store-" + System.nanoTime()));
            mountSmall(small);
            try {
                Path config = configWith(site, "image_store", small);
                site.extraEnv.put("HPCENV_SHIM_CONFIG", config.toString());
                Path spec = site.spec("env", RunIT.registrySpec(site.env, ""));
                ShimResult r = site.run("run", "--spec", spec.toString(), "--", "true");
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(126);
                assertThat(r.stderr().strip().lines()).as(r.toString()).hasSize(1);
                assertThat(r.stderr())
                        .as(r.toString())
                        .startsWith("hpcenv-shim: mksquashfs of ")
                        .contains("the image store " + small + " ran out of space (256.0 KiB in all, ")
                        .contains("hpcenv-shim images prune")
                        .contains("image_store in the site configuration")
                        .doesNotContain("FATAL ERROR");
                assertThat(files(small.resolve("tmp"))).as("no partial image").isEmpty();
                assertThat(files(small.resolve("images"))).as("no image").isEmpty();
                assertThat(files(small.resolve("refs")).stream().filter(f -> f.endsWith(".tmp")))
                        .isEmpty();
                assertThat(site.leftovers()).isEmpty();
            } finally {
                Processes.runOk(List.of("umount", small.toString()), null);
                Files.delete(small);
            }
        }
    }

    @Test
    void aFullTempDirIsNamedWithItsFreeSpaceAndTheFix() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), false, null)) {
            Path small = Files.createDirectories(site.env.base.resolve("small-tmp-" + System.nanoTime()));
            mountSmall(small);
            try {
                Path config = configWith(site, "temp_dir", small);
                site.extraEnv.put("HPCENV_SHIM_CONFIG", config.toString());
                Path spec = site.spec("env", RunIT.registrySpec(site.env, ""));
                ShimResult r = site.run("run", "--spec", spec.toString(), "--", "true");
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(126);
                assertThat(r.stderr().strip().lines()).as(r.toString()).hasSize(1);
                assertThat(r.stderr())
                        .as(r.toString())
                        .contains("the temporary directory (temp_dir) " + small.resolve("hpcenv-shim-0")
                                + " ran out of space (256.0 KiB in all, ")
                        .contains("set temp_dir in the site configuration");
                assertThat(files(small.resolve("hpcenv-shim-0")))
                        .as("no download left")
                        .isEmpty();
                assertThat(files(site.store.resolve("images"))).isEmpty();
            } finally {
                Processes.runOk(List.of("umount", small.toString()), null);
                Files.delete(small);
            }
        }
    }

    /** Outside the site's directory, whose leftovers the test checks. */
    private static void mountSmall(Path dir) throws Exception {
        Processes.runOk(List.of("mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", dir.toString()), null);
    }

    /** The site's configuration with one path setting moved, as a second file. */
    private static Path configWith(ShimSite site, String key, Path value) throws Exception {
        String toml =
                Files.readString(site.config).replaceFirst("(?m)^" + key + " = .*$", key + " = \"" + value + "\"");
        assertThat(toml).contains(key + " = \"" + value + "\"");
        Path file = site.dir.resolve("shim-" + key + ".toml");
        Files.writeString(file, toml);
        return file;
    }

    private static List<String> files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }
}
