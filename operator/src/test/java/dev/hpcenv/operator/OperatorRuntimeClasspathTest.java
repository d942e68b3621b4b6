package dev.hpcenv.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator's runtime class path (what target/lib, bin/hpcenv-operator and the image carry) holds no
 * embedded API server: kube-embedded is a test dependency only, and its own libraries (cel-java with
 * Guava and protobuf) stay out with it. Reads the list the pom's dependency:list execution writes before
 * the tests run.
 */
class OperatorRuntimeClasspathTest {

    // groupId:artifactId:type[:classifier]:version:scope, as maven-dependency-plugin's list goal prints it.
    private static final Pattern COORDINATES =
            Pattern.compile("^\\s+([\\w.-]+):([\\w.-]+):[\\w.-]+(?::[\\w.-]+)?:[\\w.-]+:(compile|runtime)\\b");

    @Test
    void theRuntimeClassPathCarriesNoEmbeddedApiServer() throws Exception {
        List<String> runtime = runtimeArtifacts();

        assertThat(runtime)
                .as("the list is the operator's runtime class path")
                .contains("dev.hpcenv:hpcenv-crds", "io.javaoperatorsdk:operator-framework-core");
        assertThat(runtime)
                .as("kube-embedded and kube-local are for tests and the launcher, never the operator image")
                .doesNotContain(
                        "dev.hpcenv:hpcenv-kube-embedded",
                        "dev.hpcenv:hpcenv-kube-local",
                        "dev.hpcenv:hpcenv-operator-launcher")
                .noneMatch(artifact -> artifact.startsWith("dev.cel:"));
    }

    @Test
    void theOperatorJarHoldsNoEmbeddedApiClass() throws Exception {
        Path classes = buildDirectory().resolve("classes");

        assertThat(classes.resolve("dev/hpcenv/operator/OperatorMain.class")).exists();
        // The embedded API once lived in dev.hpcenv.operator.embedded: a build directory from then still holds
        // its classes, and the jar would carry them.
        assertThat(classes.resolve("dev/hpcenv/operator/embedded"))
                .as("stale classes: mvn -pl operator clean")
                .doesNotExist();
        assertThat(classes.resolve("dev/hpcenv/kube")).doesNotExist();
    }

    private static List<String> runtimeArtifacts() throws Exception {
        Path list = buildDirectory().resolve("runtime-dependencies.txt");
        assertThat(list)
                .as("written by the runtime-classpath execution in operator/pom.xml")
                .exists();
        return Files.readAllLines(list).stream()
                .map(COORDINATES::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1) + ":" + m.group(2))
                .toList();
    }

    // target/ (or -Dhpcenv.target): the parent of target/test-classes, where this class was compiled to.
    private static Path buildDirectory() throws Exception {
        return Path.of(OperatorRuntimeClasspathTest.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .getParent();
    }
}
