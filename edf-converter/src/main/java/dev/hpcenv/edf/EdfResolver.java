package dev.hpcenv.edf;

import dev.hpcenv.edf.merge.LayerMerger;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.parse.EdfParser;
import dev.hpcenv.edf.render.ResolvedEnvironmentBuilder;
import dev.hpcenv.edf.resolve.BaseTreeLoader;
import dev.hpcenv.edf.resolve.EnvironmentLocator;
import dev.hpcenv.edf.resolve.LoadedEnvironment;
import dev.hpcenv.model.ResolvedEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves an environment named on a command line ({@code NAME} or a path) into one environment: bases
 * loaded through the search path and merged in order, the environment itself last; variables verbatim.
 */
public final class EdfResolver {
    private final EdfSearchPath searchPath;
    private final Path workingDirectory;
    private final boolean strict;

    public EdfResolver(EdfSearchPath searchPath, Path workingDirectory) {
        this(searchPath, workingDirectory, false);
    }

    private EdfResolver(EdfSearchPath searchPath, Path workingDirectory, boolean strict) {
        this.searchPath = searchPath;
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.strict = strict;
    }

    /** A resolver that treats unknown keys as errors. */
    public EdfResolver strict(boolean strictKeys) {
        return new EdfResolver(searchPath, workingDirectory, strictKeys);
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    /** Resolves and merges; every problem in every file is reported at once in the exception. */
    public Resolution resolve(String nameOrPath) throws EdfException {
        Tree tree = load(nameOrPath);
        List<LoadedEnvironment> order = tree.root().applicationOrder();
        List<EnvironmentLayer> layers =
                order.stream().map(LoadedEnvironment::layer).toList();
        List<String> bases = new ArrayList<>();
        order.forEach(e -> bases.add(e.located().file().toString()));
        EnvironmentLayer merged = LayerMerger.merge(tree.root().located().displayName(), layers);
        ResolvedEnvironment environment;
        try {
            environment = ResolvedEnvironmentBuilder.build(merged, bases, workingDirectory, false);
        } catch (EdfException e) {
            List<Diagnostic> all = new ArrayList<>(tree.warnings());
            all.addAll(e.diagnostics());
            throw new EdfException(all);
        }
        return new Resolution(environment, tree.warnings(), merged, bases, workingDirectory);
    }

    /**
     * Checks an environment and every base that can be found. A base that names no file is a warning here,
     * not an error (the file is valid; the base may exist where it is used, e.g. on the cluster); cycles,
     * depth and every problem inside the files found are errors.
     *
     * @return the warnings
     */
    public List<Diagnostic> validate(String nameOrPath) throws EdfException {
        return load(nameOrPath, true, Severity.WARNING).warnings();
    }

    /** Loads the environment and its bases without merging them (for conversion to resources). */
    public Tree load(String nameOrPath) throws EdfException {
        return load(nameOrPath, true, Severity.ERROR);
    }

    /** Reads only the environment named; its bases stay unresolved references. */
    public Tree loadWithoutBases(String nameOrPath) throws EdfException {
        return load(nameOrPath, false, Severity.ERROR);
    }

    private Tree load(String nameOrPath, boolean followBases, Severity missingBase) throws EdfException {
        BaseTreeLoader loader = new BaseTreeLoader(
                new EnvironmentLocator(searchPath, workingDirectory), new EdfParser(strict), followBases, missingBase);
        LoadedEnvironment root = loader.load(nameOrPath);
        List<Diagnostic> diagnostics = loader.diagnostics();
        if (root == null || diagnostics.stream().anyMatch(Diagnostic::isError)) {
            throw new EdfException(diagnostics);
        }
        return new Tree(root, diagnostics);
    }

    /** A loaded environment and the warnings found while loading it. */
    public record Tree(LoadedEnvironment root, List<Diagnostic> warnings) {}
}
