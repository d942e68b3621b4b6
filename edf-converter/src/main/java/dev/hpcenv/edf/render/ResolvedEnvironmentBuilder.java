package dev.hpcenv.edf.render;

import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.expand.VariableSyntax;
import dev.hpcenv.edf.image.ImageSyntaxException;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.model.MountSpec;
import dev.hpcenv.edf.model.ValueWithOrigin;
import dev.hpcenv.edf.parse.Diagnostics;
import dev.hpcenv.model.Mount;
import dev.hpcenv.model.ResolvedEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a merged layer into the {@link ResolvedEnvironment} contract: defaults applied ({@code entrypoint}
 * false, {@code writable} true), the image classified, relative paths anchored to the working directory,
 * env split into set and unset variables.
 */
public final class ResolvedEnvironmentBuilder {
    private ResolvedEnvironmentBuilder() {}

    /**
     * @param expanded whether variables were expanded; if not, an image with references is left unclassified
     *                 (it can only be taken apart after expansion)
     */
    public static ResolvedEnvironment build(
            EnvironmentLayer merged, List<String> bases, Path workingDirectory, boolean expanded) throws EdfException {
        ResolvedEnvironment env = new ResolvedEnvironment();
        ValueWithOrigin<String> image = merged.image();
        env.setImage(image == null ? null : image.value());
        classifyImage(env, image, workingDirectory, expanded);
        env.setContainerfile(
                merged.containerfile() == null
                        ? null
                        : PathAnchor.anchor(merged.containerfile().value(), workingDirectory));
        env.setWorkdir(
                merged.workdir() == null
                        ? null
                        : PathAnchor.anchor(merged.workdir().value(), workingDirectory));
        env.setEntrypoint(merged.entrypoint() != null && merged.entrypoint().value());
        env.setWritable(merged.writable() == null || merged.writable().value());
        List<Mount> mounts = new ArrayList<>();
        for (ValueWithOrigin<MountSpec> m : merged.mounts()) {
            MountSpec spec = m.value();
            mounts.add(new Mount(
                    PathAnchor.anchor(spec.source(), workingDirectory), spec.target(), spec.type(), spec.flags()));
        }
        env.setMounts(mounts);
        Map<String, String> set = new LinkedHashMap<>();
        List<String> unset = new ArrayList<>();
        merged.env().forEach((name, value) -> {
            if (value.value() == null) {
                unset.add(name);
            } else {
                set.put(name, value.value());
            }
        });
        env.setEnv(set);
        env.setUnsetEnv(unset);
        Map<String, String> annotations = new LinkedHashMap<>();
        merged.annotations().forEach((k, v) -> annotations.put(k, v.value()));
        env.setAnnotations(annotations);
        env.setDevices(new ArrayList<>(
                merged.devices().stream().map(ValueWithOrigin::value).toList()));
        env.setBases(new ArrayList<>(bases));
        return env;
    }

    private static void classifyImage(
            ResolvedEnvironment env, ValueWithOrigin<String> image, Path workingDirectory, boolean expanded)
            throws EdfException {
        if (image == null || image.value().isEmpty()) {
            return;
        }
        String value = image.value();
        if (!expanded && VariableSyntax.hasReferences(value)) {
            // Unexpanded: a value that starts like a path is one; a registry reference waits for expansion.
            if (value.startsWith("/") || value.startsWith("./") || value.startsWith("${")) {
                env.setSquashfsPath(PathAnchor.anchor(value, workingDirectory));
            }
            return;
        }
        try {
            ImageClassifier.classify(env, value, workingDirectory);
        } catch (ImageSyntaxException e) {
            throw new EdfException(Diagnostics.error(image.origin(), e.getMessage(), e.hint()));
        }
    }
}
