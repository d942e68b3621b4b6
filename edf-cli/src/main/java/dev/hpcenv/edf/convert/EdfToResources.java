package dev.hpcenv.edf.convert;

import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.EdfResolver;
import dev.hpcenv.edf.Resolution;
import dev.hpcenv.edf.expand.LayerExpander;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.model.ValueWithOrigin;
import dev.hpcenv.edf.parse.Diagnostics;
import dev.hpcenv.edf.resolve.EnvironmentReference;
import dev.hpcenv.edf.resolve.LoadedEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EDF to HpcEnvironment/ClusterHpcEnvironment. Bases stay references by name (the base's file name
 * without {@code .toml}), so that {@code baseEnvironments} name the resources {@code --recursive} emits.
 */
public final class EdfToResources {
    private final EdfResolver resolver;
    private final Map<String, String> variables;
    private final List<Diagnostic> warnings = new ArrayList<>();

    /** @param variables used only with {@code expand} */
    public EdfToResources(EdfResolver resolver, Map<String, String> variables) {
        this.resolver = resolver;
        this.variables = variables;
    }

    /** The resources, bases first; and the warnings met on the way. */
    public record Result(List<EnvironmentResource> resources, List<Diagnostic> warnings) {}

    public Result convert(String reference, ConversionOptions options) throws EdfException {
        warnings.clear();
        if (options.flatten()) {
            Resolution resolution = resolver.resolve(reference);
            EnvironmentLayer merged = maybeExpand(resolution.merged(), options);
            String name = options.name() != null
                    ? options.name()
                    : nameOf(resolution.bases().get(resolution.bases().size() - 1));
            return new Result(
                    List.of(resource(options, name, SpecLayers.toSpec(merged, List.of()))), resolution.warnings());
        }
        EdfResolver.Tree tree = options.recursive() ? resolver.load(reference) : resolver.loadWithoutBases(reference);
        List<EnvironmentResource> out = new ArrayList<>();
        if (options.recursive()) {
            Map<Path, String> emitted = new LinkedHashMap<>();
            Map<String, Path> names = new HashMap<>();
            for (LoadedEnvironment base : tree.root().applicationOrder()) {
                if (base == tree.root() || emitted.containsKey(base.located().file())) {
                    continue;
                }
                String name = nameOf(base.located().file().toString());
                Path clash = names.putIfAbsent(name, base.located().file());
                if (clash != null) {
                    throw new EdfException(Diagnostic.error(
                            base.located().displayName(),
                            0,
                            0,
                            "two different bases would both become the resource '" + name + "' (the other is " + clash
                                    + ")",
                            "rename one of the files"));
                }
                emitted.put(base.located().file(), name);
                out.add(resource(options, name, spec(base.layer(), options)));
            }
        }
        LoadedEnvironment root = tree.root();
        String name = options.name() != null
                ? options.name()
                : nameOf(root.located().file().toString());
        out.add(resource(options, name, spec(root.layer(), options)));
        List<Diagnostic> allWarnings = new ArrayList<>(tree.warnings());
        allWarnings.addAll(warnings);
        return new Result(out, allWarnings);
    }

    private EnvironmentResource resource(ConversionOptions options, String name, EnvironmentSpec spec) {
        return new EnvironmentResource(
                options.kind(),
                name,
                options.kind() == EnvironmentKind.HPC_ENVIRONMENT ? options.namespace() : null,
                spec);
    }

    private EnvironmentSpec spec(EnvironmentLayer layer, ConversionOptions options) throws EdfException {
        List<String> baseNames = new ArrayList<>();
        for (ValueWithOrigin<String> base : layer.bases()) {
            String name = nameOf(base.value());
            if (!name.equals(EnvironmentReference.nameOf(base.value()))) {
                // A CR name cannot hold '_' and the like; an EDF written back will look up the new name.
                warnings.add(Diagnostics.warning(
                        base.origin(),
                        "base '" + base.value() + "' is referenced as the resource '" + name + "'",
                        "rename the file to " + name + ".toml to keep the names equal"));
            }
            baseNames.add(name);
        }
        return SpecLayers.toSpec(maybeExpand(layer, options), baseNames);
    }

    private EnvironmentLayer maybeExpand(EnvironmentLayer layer, ConversionOptions options) throws EdfException {
        return options.expand() ? LayerExpander.expand(layer, variables) : layer;
    }

    static String nameOf(String reference) {
        return ResourceNames.sanitize(EnvironmentReference.nameOf(reference));
    }
}
