package dev.hpcenv.crd.build;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build step after fabric8's CRD generator, which sorts printer columns by JSONPath: {@code kubectl get
 * hpcjob} would show AGE first and PHASE after EXIT. This puts them back in the order the model class
 * declares its {@link AdditionalPrinterColumn}s. It edits the generated YAML as text, entry by entry,
 * so that everything else stays byte for byte what the generator wrote.
 */
public final class PrinterColumnOrder {
    private static final String MODEL_PACKAGE = "dev.hpcenv.crd.v1alpha1.";
    private static final Pattern KIND = Pattern.compile("^    kind: \"?([A-Za-z0-9]+)\"?$", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("^      name: \"?([^\"]+)\"?$");
    private static final String COLUMNS = "  - additionalPrinterColumns:";
    private static final String ENTRY = "    - ";

    private PrinterColumnOrder() {}

    /** @param args the directory holding the generated {@code *.yml} files */
    public static void main(String[] args) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                String yaml = Files.readString(f);
                String ordered = reorder(yaml, declaredOrder(kindOf(yaml, f)));
                if (!ordered.equals(yaml)) {
                    Files.writeString(f, ordered);
                }
            }
        }
    }

    static String kindOf(String yaml, Path file) {
        Matcher m = KIND.matcher(yaml);
        if (!m.find()) {
            throw new IllegalStateException(file + ": no spec.names.kind");
        }
        return m.group(1);
    }

    static List<String> declaredOrder(String kind) {
        try {
            Class<?> model = Class.forName(MODEL_PACKAGE + kind);
            return Arrays.stream(model.getAnnotationsByType(AdditionalPrinterColumn.class))
                    .map(AdditionalPrinterColumn::name)
                    .toList();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no model class for kind " + kind, e);
        }
    }

    /** Every version's column list reordered; columns not in {@code order} keep their place at the end. */
    static String reorder(String yaml, List<String> order) {
        List<String> lines = new ArrayList<>(yaml.lines().toList());
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals(COLUMNS)) {
                continue;
            }
            int start = i + 1;
            int end = start;
            List<List<String>> entries = new ArrayList<>();
            while (end < lines.size()
                    && (lines.get(end).startsWith(ENTRY) || lines.get(end).startsWith("      "))) {
                if (lines.get(end).startsWith(ENTRY)) {
                    entries.add(new ArrayList<>());
                }
                entries.get(entries.size() - 1).add(lines.get(end));
                end++;
            }
            entries.sort(Comparator.comparingInt(e -> rank(order, nameOf(e))));
            List<String> sorted = entries.stream().flatMap(List::stream).toList();
            for (int j = 0; j < sorted.size(); j++) {
                lines.set(start + j, sorted.get(j));
            }
            i = end;
        }
        return String.join("\n", lines) + (yaml.endsWith("\n") ? "\n" : "");
    }

    private static String nameOf(List<String> entry) {
        for (String line : entry) {
            Matcher m = NAME.matcher(line.startsWith(ENTRY) ? "      " + line.substring(ENTRY.length()) : line);
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new UncheckedIOException(new IOException("printer column without a name: " + entry));
    }

    private static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i < 0 ? order.size() : i;
    }
}
