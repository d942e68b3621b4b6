package dev.hpcenv.edf;

import dev.hpcenv.edf.expand.LayerExpander;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.model.EnvironmentLayers;
import dev.hpcenv.edf.model.Origin;
import dev.hpcenv.edf.model.ValueWithOrigin;
import dev.hpcenv.edf.render.ResolvedEnvironmentBuilder;
import dev.hpcenv.model.ResolvedEnvironment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Variable expansion as a compute node needs it: the CE resolves {@code ${VAR}} from "the host and the
 * container image, the later taking precedence", but the image is only known once its own reference
 * is expanded. So the image (and its Containerfile) is expanded first in the host environment, and
 * everything else once the image's {@code Env} is at hand. Both steps use {@link LayerExpander}; errors
 * name the file, line and key as in a one-step expansion.
 */
public final class TwoStepExpansion {
    private final EnvironmentLayer layer;
    private final List<String> bases;
    private final Path workingDirectory;

    private TwoStepExpansion(EnvironmentLayer layer, List<String> bases, Path workingDirectory) {
        this.layer = layer;
        this.bases = List.copyOf(bases);
        this.workingDirectory = workingDirectory;
    }

    /** EDF files resolved and merged, not yet expanded. */
    public static TwoStepExpansion of(Resolution resolution) {
        return new TwoStepExpansion(resolution.merged(), resolution.bases(), resolution.workingDirectory());
    }

    /** A resolved environment that arrived as data (the operator's JSON), not yet expanded. */
    public static TwoStepExpansion of(ResolvedEnvironment spec, String sourceName, Path workingDirectory) {
        return new TwoStepExpansion(
                EnvironmentLayers.fromResolved(spec, sourceName), spec.getBases(), workingDirectory);
    }

    /**
     * Where each {@code devices} entry was written (file and line for an EDF, the source name and
     * {@code devices[i]} for data), in the order of the resolved environment's {@code devices}: the
     * shim names it when a device cannot be given to the container.
     */
    public List<Origin> deviceOrigins() {
        return layer.devices().stream().map(ValueWithOrigin::origin).toList();
    }

    /**
     * Step one: only {@code image}, {@code imageRef}/{@code squashfsPath} and {@code containerfile} are set
     * in the result, expanded in {@code hostVariables}.
     */
    public ResolvedEnvironment image(Map<String, String> hostVariables) throws EdfException {
        EnvironmentLayer imageOnly = new EnvironmentLayer(
                layer.source(),
                layer.bases(),
                layer.image(),
                layer.containerfile(),
                null,
                null,
                null,
                List.of(),
                Map.of(),
                Map.of(),
                List.of());
        return ResolvedEnvironmentBuilder.build(
                LayerExpander.expand(imageOnly, hostVariables), bases, workingDirectory, true);
    }

    /**
     * Step two: every other value expanded in the host variables overlaid with the image's (the image
     * winning); the image fields are those of step one, so that the image's own variables cannot change
     * which image runs.
     */
    public ResolvedEnvironment rest(
            Map<String, String> hostVariables, Map<String, String> imageVariables, ResolvedEnvironment image)
            throws EdfException {
        Map<String, String> variables = new LinkedHashMap<>(hostVariables);
        variables.putAll(imageVariables);
        EnvironmentLayer withoutImage = new EnvironmentLayer(
                layer.source(),
                layer.bases(),
                null,
                null,
                layer.workdir(),
                layer.entrypoint(),
                layer.writable(),
                layer.mounts(),
                layer.env(),
                layer.annotations(),
                layer.devices());
        ResolvedEnvironment env = ResolvedEnvironmentBuilder.build(
                LayerExpander.expand(withoutImage, variables), bases, workingDirectory, true);
        env.setImage(image.getImage());
        env.setImageRef(image.getImageRef());
        env.setSquashfsPath(image.getSquashfsPath());
        env.setContainerfile(image.getContainerfile());
        return env;
    }
}
