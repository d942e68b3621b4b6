package dev.hpcenv.kube.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads CRDs from YAML files in a class-path folder, by default {@code META-INF/fabric8/} where fabric8's
 * crd-generator puts them, so that a caller serves the CRDs its code was built with.
 */
public final class ClasspathCrds {

    /** The folder crd-generator writes to. */
    public static final String FOLDER = "META-INF/fabric8/";

    private ClasspathCrds() {}

    /** Every {@code apiextensions.k8s.io/v1} CRD under {@link #FOLDER} whose group is {@code group}. */
    public static List<ObjectNode> ofGroup(String group) {
        return ofGroup(FOLDER, group);
    }

    /**
     * Every {@code apiextensions.k8s.io/v1} CRD whose group is {@code group} in the {@code .yml}/{@code .yaml}
     * files directly under {@code folder} (ending in "/") in every class path entry, in file name order.
     */
    public static List<ObjectNode> ofGroup(String folder, String group) {
        ClassLoader loader = ClasspathCrds.class.getClassLoader();
        List<ObjectNode> crds = new ArrayList<>();
        for (String resource : resourceNames(loader, folder)) {
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    continue;
                }
                for (ObjectNode crd :
                        CrdDocuments.fromYaml(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                    if (group.equals(crd.path("spec").path("group").asText())) {
                        crds.add(crd);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource + " from the class path", e);
            }
        }
        return crds;
    }

    /** The .yml/.yaml resources directly under {@code folder} in every class path entry, sorted. */
    static TreeSet<String> resourceNames(ClassLoader loader, String folder) {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> folders = loader.getResources(folder);
            while (folders.hasMoreElements()) {
                URL url = folders.nextElement();
                if (url.getProtocol().equals("jar")) {
                    addFromJar(url, folder, names);
                } else if (url.getProtocol().equals("file")) {
                    addFromDirectory(Path.of(url.toURI()), folder, names);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + " on the class path", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad class path entry: " + e.getInput(), e);
        }
        return names;
    }

    private static void addFromJar(URL url, String folder, TreeSet<String> names) throws IOException {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(folder) && isYaml(name) && name.indexOf('/', folder.length()) < 0) {
                    names.add(name);
                }
            }
        }
    }

    private static void addFromDirectory(Path directory, String folder, TreeSet<String> names) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            files.map(p -> p.getFileName().toString())
                    .filter(ClasspathCrds::isYaml)
                    .forEach(n -> names.add(folder + n));
        }
    }

    private static boolean isYaml(String name) {
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }
}
