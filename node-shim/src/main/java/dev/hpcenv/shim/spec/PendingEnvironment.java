package dev.hpcenv.shim.spec;

import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.TwoStepExpansion;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.shim.error.ExitCode;
import dev.hpcenv.shim.error.ShimException;
import java.util.List;
import java.util.Map;

/**
 * An environment whose variables are expanded as the CE does on a node: the image in the job's
 * environment first; the rest in the job's environment overlaid with the image's own variables.
 */
public final class PendingEnvironment {
    private final TwoStepExpansion expansion;
    private final Map<String, String> processEnv;

    PendingEnvironment(TwoStepExpansion expansion, Map<String, String> processEnv) {
        this.expansion = expansion;
        this.processEnv = processEnv;
    }

    /** Only the image fields ({@code image}, {@code imageRef}, {@code squashfsPath}, {@code containerfile}). */
    public ResolvedEnvironment image() {
        try {
            return expansion.image(processEnv);
        } catch (EdfException e) {
            throw new ShimException(ExitCode.ENVIRONMENT, e.getMessage().strip(), null);
        }
    }

    /**
     * Where the {@code devices} entries were written, one line each ({@code env.toml:7: devices[0]},
     * {@code HPCENV_SPEC: devices[0]}), in the order of {@link ResolvedEnvironment#getDevices()}.
     */
    public List<String> deviceOrigins() {
        return expansion.deviceOrigins().stream()
                .map(o -> o.line() > 0 ? o.source() + ":" + o.line() + ": " + o.key() : o.source() + ": " + o.key())
                .toList();
    }

    /** Everything, with {@code imageVariables} (the image config's Env) taking precedence over the job's. */
    public ResolvedEnvironment rest(Map<String, String> imageVariables, ResolvedEnvironment image) {
        try {
            return expansion.rest(processEnv, imageVariables, image);
        } catch (EdfException e) {
            throw new ShimException(ExitCode.ENVIRONMENT, e.getMessage().strip(), null);
        }
    }
}
