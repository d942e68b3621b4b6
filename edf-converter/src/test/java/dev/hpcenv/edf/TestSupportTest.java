package dev.hpcenv.edf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test data must live in the repository: a fresh clone has nothing beside it. */
class TestSupportTest {
    @TempDir
    Path temp;

    @Test
    void theCorpusIsTheRepositorysOwnCopy() throws IOException {
        Path root = Path.of(System.getProperty("hpcenv.root")).toRealPath();
        assertThat(TestSupport.corpus()).startsWith(root).endsWith(Path.of("src/test/resources/edf-corpus"));
    }

    @Test
    void acceptsAFolderInsideTheRoot() throws IOException {
        Path repo = Files.createDirectories(temp.resolve("repo/module/data"));
        assertThat(TestSupport.requireInside(temp.resolve("repo"), repo)).isEqualTo(repo.toRealPath());
    }

    @Test
    void refusesAPathThatClimbsOutOfTheRoot() throws IOException {
        Files.createDirectories(temp.resolve("repo"));
        Path shared = Files.createDirectories(temp.resolve("shared/edf-corpus"));
        assertThatThrownBy(() ->
                        TestSupport.requireInside(temp.resolve("repo"), temp.resolve("repo/../shared/edf-corpus")))
                .hasMessageContaining("outside the repository")
                .hasMessageContaining(shared.toRealPath().toString());
    }

    @Test
    void refusesALinkInsideTheRootThatLeadsOut() throws IOException {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Path shared = Files.createDirectories(temp.resolve("shared/edf-corpus"));
        Path link = Files.createSymbolicLink(repo.resolve("edf-corpus"), shared);
        assertThatThrownBy(() -> TestSupport.requireInside(repo, link)).hasMessageContaining("outside the repository");
    }

    @Test
    void aMissingPathIsAnErrorNotASkip() {
        assertThatThrownBy(() -> TestSupport.requireInside(temp, temp.resolve("absent")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("is missing");
    }
}
