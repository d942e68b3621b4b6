package dev.hpcenv.examples;

import dev.hpcenv.examples.ExampleFiles.ExampleFile;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The NN.Kind.name.yaml naming of example manifests: order, kind and object name in the file name. */
record ManifestNames(String order, String kind, String name) {
    private static final Pattern NAMING =
            Pattern.compile("([0-9]{2})\\.([A-Z][A-Za-z]+)\\.([a-z0-9][-a-z0-9.]*)\\.yaml");

    static Optional<ManifestNames> parse(ExampleFile file) {
        Matcher m = NAMING.matcher(file.fileName());
        return m.matches() ? Optional.of(new ManifestNames(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }
}
