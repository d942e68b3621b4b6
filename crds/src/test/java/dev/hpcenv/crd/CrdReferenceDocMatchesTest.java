package dev.hpcenv.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.testing.CommittedFiles;
import dev.hpcenv.crd.testing.CrdReferenceRenderer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/crd-reference.md is what CrdReferenceRenderer makes of the generated CRDs. */
class CrdReferenceDocMatchesTest {

    @Test
    void committedReferenceMatchesTheCrds() {
        Path doc = CommittedFiles.referenceDoc();
        String rendered = new CrdReferenceRenderer().render();
        if (CommittedFiles.updating()) {
            CommittedFiles.write(doc, rendered);
        }
        assertThat(CommittedFiles.readOrNull(doc))
                .as("%s is out of date with the CRDs; %s", doc, CommittedFiles.UPDATE_HINT)
                .isEqualTo(rendered);
    }

    @Test
    void referenceNamesEveryFieldOfTheModel() {
        String rendered = new CrdReferenceRenderer().render();
        assertThat(rendered)
                .contains("| `.spec.resources.memory` | string |")
                .contains("| `.spec.userMappings[].user` | string | yes |")
                .contains("| `.status.phase` | string |")
                .contains("| `.spec.mounts[].target` | string | yes |")
                .contains("| `.spec` | rule | | | `has(self.environmentRef) != has(self.environment)` |");
    }
}
