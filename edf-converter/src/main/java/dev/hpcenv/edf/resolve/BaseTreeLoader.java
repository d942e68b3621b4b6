package dev.hpcenv.edf.resolve;

import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.Severity;
import dev.hpcenv.edf.model.ValueWithOrigin;
import dev.hpcenv.edf.parse.Diagnostics;
import dev.hpcenv.edf.parse.EdfParser;
import dev.hpcenv.edf.parse.ParsedEdf;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads an environment and its bases: at most {@value #MAX_DEPTH} levels of {@code base_environment}
 * below the environment named, a cycle reported with the whole chain. Each file is read once however
 * often it is used, so its warnings appear once.
 */
public final class BaseTreeLoader {
    public static final int MAX_DEPTH = 10;

    private final EnvironmentLocator locator;
    private final EdfParser parser;
    private final Map<Path, ParsedEdf> parsed = new HashMap<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final boolean followBases;
    private final Severity missingBase;

    /**
     * @param followBases false reads only the environment named (its bases stay references)
     * @param missingBase how a base that names no file is reported: an error when resolving; a warning when
     *                    only validating, since the base may exist where the environment is used
     */
    public BaseTreeLoader(EnvironmentLocator locator, EdfParser parser, boolean followBases, Severity missingBase) {
        this.locator = locator;
        this.parser = parser;
        this.followBases = followBases;
        this.missingBase = missingBase;
    }

    /** The tree, or null when the top reference names no file; problems are in {@link #diagnostics()}. */
    public LoadedEnvironment load(String reference) {
        LocatedFile top;
        try {
            top = locator.locate(reference);
        } catch (EnvironmentLocator.LookupFailure e) {
            diagnostics.add(Diagnostic.error(reference, 0, 0, e.getMessage(), e.hint()));
            return null;
        }
        return load(top, new ArrayList<>());
    }

    public List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }

    private LoadedEnvironment load(LocatedFile located, List<LocatedFile> chain) {
        Path identity = identity(located.file());
        ParsedEdf edf = parsed.get(identity);
        if (edf == null) {
            edf = parser.parse(located.file(), located.displayName());
            parsed.put(identity, edf);
            diagnostics.addAll(edf.diagnostics());
        }
        List<LocatedFile> here = new ArrayList<>(chain);
        here.add(located);
        List<LoadedEnvironment> bases = new ArrayList<>();
        for (ValueWithOrigin<String> reference :
                followBases ? edf.layer().bases() : List.<ValueWithOrigin<String>>of()) {
            LocatedFile base;
            try {
                base = locator.locate(reference.value());
            } catch (EnvironmentLocator.LookupFailure e) {
                diagnostics.add(Diagnostics.at(reference.origin(), missingBase, e.getMessage(), e.hint()));
                continue;
            }
            Path baseIdentity = identity(base.file());
            int seen = indexOf(here, baseIdentity);
            if (seen >= 0) {
                List<LocatedFile> cycle = new ArrayList<>(here.subList(seen, here.size()));
                cycle.add(base);
                diagnostics.add(Diagnostics.error(
                        reference.origin(),
                        "base_environment cycle: " + names(cycle),
                        "remove one of these base_environment references"));
                continue;
            }
            if (here.size() > MAX_DEPTH) {
                List<LocatedFile> tooDeep = new ArrayList<>(here);
                tooDeep.add(base);
                diagnostics.add(Diagnostics.error(
                        reference.origin(),
                        "more than " + MAX_DEPTH + " levels of base_environment: " + names(tooDeep),
                        "flatten some levels (edf convert --flatten) or drop a base"));
                continue;
            }
            bases.add(load(base, here));
        }
        return new LoadedEnvironment(located, edf.layer(), bases);
    }

    private int indexOf(List<LocatedFile> chain, Path identity) {
        for (int i = 0; i < chain.size(); i++) {
            if (identity(chain.get(i).file()).equals(identity)) {
                return i;
            }
        }
        return -1;
    }

    private static String names(List<LocatedFile> files) {
        return files.stream().map(LocatedFile::displayName).collect(Collectors.joining(" -> "));
    }

    // Symlinks and different spellings of one file are one file for cycle detection and parsing.
    private static Path identity(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }
}
