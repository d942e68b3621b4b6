package dev.hpcenv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.examples.ExampleFiles.Category;
import dev.hpcenv.examples.ExampleFiles.ExampleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No orphan under examples/: every file belongs to a category another test checks (ExampleFiles fails
 * on any other), every example folder has a README that names each of its files, and every
 * Containerfile is used by an EDF.
 */
class ExampleInventoryTest {

    @Test
    void everyFileIsCheckedByATest() {
        assertThat(ExampleFiles.all()).isNotEmpty();
    }

    @Test
    void everyExampleFolderHasAReadmeNamingEachOfItsFiles() throws IOException {
        Set<Path> folders = ExampleFiles.all().stream()
                .filter(f -> f.category() != Category.KUSTOMIZATION)
                .map(f -> exampleFolder(f.path()))
                .collect(Collectors.toSet());
        for (Path folder : folders) {
            Path readme = folder.resolve("README.md");
            assertThat(readme).as("every example folder has a README.md").isRegularFile();
            String text = Files.readString(readme);
            List<ExampleFile> inFolder = ExampleFiles.all().stream()
                    .filter(f -> exampleFolder(f.path()).equals(folder) && f.category() != Category.README)
                    .toList();
            assertThat(inFolder)
                    .allSatisfy(f -> assertThat(text)
                            .as("%s names %s", RepositoryPaths.root().relativize(readme), f.fileName())
                            .contains(f.fileName()));
        }
    }

    @Test
    void everyContainerfileIsNamedByAnEdfOfItsFolder() throws IOException {
        for (ExampleFile containerfile : ExampleFiles.of(Category.CONTAINERFILE)) {
            boolean used = false;
            for (ExampleFile edf : ExampleFiles.of(Category.EDF)) {
                used |= edf.path().getParent().equals(containerfile.path().getParent())
                        && Files.readString(edf.path()).contains("/" + containerfile.fileName() + "\"");
            }
            assertThat(used)
                    .as("%s is named by the containerfile key of an EDF beside it", containerfile.display())
                    .isTrue();
        }
    }

    /** The example a file belongs to: its first folder under examples/ (examples/README.md: examples/ itself). */
    private static Path exampleFolder(Path file) {
        Path relative = ExampleFiles.examplesDir().relativize(file);
        return relative.getNameCount() == 1
                ? ExampleFiles.examplesDir()
                : ExampleFiles.examplesDir().resolve(relative.getName(0));
    }
}
