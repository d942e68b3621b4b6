package dev.hpcenv.crd.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.testing.CommittedFiles;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Condition types and reasons are API: each one in the code is documented in crds/README.md. */
class ConditionsDocumentedTest {

    @Test
    void everyTypeAndReasonIsInTheReadme() throws IllegalAccessException {
        String readme = CommittedFiles.readOrNull(CommittedFiles.repoRoot().resolve("crds/README.md"));
        assertThat(readme).as("crds/README.md").isNotNull();
        List<String> names = new ArrayList<>();
        Stream.of(ConditionType.values()).map(ConditionType::wire).forEach(names::add);
        for (Class<?> group : ConditionReasons.class.getDeclaredClasses()) {
            for (Field f : group.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    names.add((String) f.get(null));
                }
            }
        }
        assertThat(names).hasSizeGreaterThan(20);
        for (String name : names) {
            assertThat(readme)
                    .as("crds/README.md documents condition type or reason %s", name)
                    .contains("`" + name + "`");
        }
    }
}
