package dev.hpcenv.operator.embedded;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
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
 * Loads CRDs from {@code META-INF/fabric8/*.yml} on the class path, where fabric8's crd-generator
 * puts them (the hpcenv-crds jar), so the embedded API always serves the CRDs the code was built with.
 */
public final class ClasspathCrds {

    /** The folder crd-generator writes to. */
    public static final String FOLDER = "META-INF/fabric8/";

    private ClasspathCrds() {
    }

    /** Every {@code apiextensions.k8s.io/v1} CRD under {@link #FOLDER} whose group is {@code group}. */
    public static List<CustomResourceDefinition> ofGroup(String group) {
        ClassLoader loader = ClasspathCrds.class.getClassLoader();
        List<CustomResourceDefinition> crds = new ArrayList<>();
        for (String resource : resourceNames(loader)) {
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    continue;
                }
                Object parsed = Serialization.unmarshal(in);
                if (parsed instanceof CustomResourceDefinition crd && group.equals(crd.getSpec().getGroup())) {
                    crds.add(crd);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource + " from the class path", e);
            }
        }
        return crds;
    }

    /** The .yml/.yaml resources under {@link #FOLDER} in every class path entry, sorted. */
    static TreeSet<String> resourceNames(ClassLoader loader) {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> folders = loader.getResources(FOLDER);
            while (folders.hasMoreElements()) {
                URL folder = folders.nextElement();
                if (folder.getProtocol().equals("jar")) {
                    addFromJar(folder, names);
                } else if (folder.getProtocol().equals("file")) {
                    addFromDirectory(Path.of(folder.toURI()), names);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + FOLDER + " on the class path", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad class path entry: " + e.getInput(), e);
        }
        return names;
    }

    private static void addFromJar(URL folder, TreeSet<String> names) throws IOException {
        JarURLConnection connection = (JarURLConnection) folder.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(FOLDER) && isYaml(name) && name.indexOf('/', FOLDER.length()) < 0) {
                    names.add(name);
                }
            }
        }
    }

    private static void addFromDirectory(Path directory, TreeSet<String> names) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            files.map(p -> p.getFileName().toString()).filter(ClasspathCrds::isYaml).forEach(n -> names.add(FOLDER + n));
        }
    }

    private static boolean isYaml(String name) {
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }
}
