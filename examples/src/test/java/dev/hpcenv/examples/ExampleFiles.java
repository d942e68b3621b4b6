package dev.hpcenv.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files under examples/ that users read, each with the kind of check that covers it. The Maven
 * module's own files (pom.xml, src/, target/) are not examples.
 */
final class ExampleFiles {

    enum Category {
        /** An EDF: validated, and converted into the environment YAML beside it. */
        EDF,
        /** Kubernetes objects: validated against the CRD schema or the fabric8 model. */
        MANIFEST,
        /** A kustomization: every resource it names exists, every manifest of its tree is named. */
        KUSTOMIZATION,
        /** A Containerfile: named by an EDF of the same folder. */
        CONTAINERFILE,
        /** A folder's README: mentions every file of the folder. */
        README,
        /**
         * The node shim's site configuration under site/ (shim.toml, hooks.d/, libexec/): not EDFs or
         * manifests. node-shim's hooks tests load shim.toml and every hooks.d file with the shim's own
         * loader (ExampleSite), and its packaging test installs the whole folder.
         */
        SITE,
        /**
         * A program of an example, built into its images or run beside them: a file under the
         * example's programs/ folder, or a shell script (*.sh) of the example. Shell scripts must
         * parse and C sources compile (ExampleProgramsTest); the layered pipeline's programs are also
         * run on generated outputs (LayeredPipelineProgramsTest).
         */
        PROGRAM,
        /** A picture (*.png) that its folder's README shows: a PNG file. */
        FIGURE
    }

    record ExampleFile(Path path, Category category) {
        String fileName() {
            return path.getFileName().toString();
        }

        /** The path relative to the repository, for messages. */
        String display() {
            return RepositoryPaths.root().relativize(path).toString();
        }
    }

    private ExampleFiles() {}

    static Path examplesDir() {
        return RepositoryPaths.root().resolve("examples");
    }

    /** Every example file; a file of no known category fails here, so that nothing is left unchecked. */
    static List<ExampleFile> all() {
        Path dir = examplesDir();
        List<ExampleFile> files = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                if (isModuleFile(dir.relativize(p))) {
                    continue;
                }
                Path relative = dir.relativize(p);
                Category c = relative.getName(0).toString().equals("site")
                                && !p.getFileName().toString().equals("README.md")
                        ? Category.SITE
                        : relative.getNameCount() > 2
                                        && relative.getName(1).toString().equals("programs")
                                ? Category.PROGRAM
                                : categoryOf(p.getFileName().toString());
                if (c == null) {
                    unknown.add(dir.relativize(p).toString());
                } else {
                    files.add(new ExampleFile(p, c));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!unknown.isEmpty()) {
            throw new AssertionError("files under examples/ that no test checks: " + unknown
                    + " (an EDF ends in .toml, Kubernetes YAML is NN.Kind.name.yaml, a Containerfile is named"
                    + " Containerfile*, a program is under programs/ or ends in .sh, a picture ends in .png; anything"
                    + " else needs a test of its own)");
        }
        return files;
    }

    static List<ExampleFile> of(Category category) {
        return all().stream().filter(f -> f.category() == category).toList();
    }

    private static boolean isModuleFile(Path relative) {
        String first = relative.getName(0).toString();
        return relative.getNameCount() == 1 && first.equals("pom.xml")
                || relative.getNameCount() > 1 && (first.equals("src") || first.startsWith("target"));
    }

    private static Category categoryOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.equals("README.md")) {
            return Category.README;
        }
        if (name.equals("kustomization.yaml")) {
            return Category.KUSTOMIZATION;
        }
        if (lower.endsWith(".toml")) {
            return Category.EDF;
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return Category.MANIFEST;
        }
        if (name.startsWith("Containerfile")) {
            return Category.CONTAINERFILE;
        }
        if (lower.endsWith(".sh")) {
            return Category.PROGRAM;
        }
        if (lower.endsWith(".png")) {
            return Category.FIGURE;
        }
        return null;
    }
}
