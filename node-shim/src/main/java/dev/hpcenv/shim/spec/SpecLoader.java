package dev.hpcenv.shim.spec;

import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.EdfResolver;
import dev.hpcenv.edf.EdfSearchPath;
import dev.hpcenv.edf.TwoStepExpansion;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.shim.error.ExitCode;
import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Produces the environment to run, with {@code ${VAR}} expanded in the job's environment on this
 * node. Lookup, parsing, merging and expansion are edf-converter's; this class only chooses the
 * entry point and turns its errors into the shim's.
 */
public final class SpecLoader {
    private final Map<String, String> processEnv;
    private final Path workingDirectory;

    public SpecLoader(Map<String, String> processEnv, Path workingDirectory) {
        this.processEnv = processEnv;
        this.workingDirectory = workingDirectory;
    }

    /** Expanded in the job's environment alone: for commands that never look into the image. */
    public ResolvedEnvironment load(EnvironmentSource source) {
        PendingEnvironment pending = loadPending(source);
        return pending.rest(Map.of(), pending.image());
    }

    /** Not yet expanded: {@code run} expands the image first and the rest once the image's Env is known. */
    public PendingEnvironment loadPending(EnvironmentSource source) {
        try {
            if (source instanceof EnvironmentSource.Edf edf) {
                EdfSearchPath path = EdfSearchPath.fromEnvironment(processEnv, edf.edfPathOverride(), null);
                return new PendingEnvironment(
                        TwoStepExpansion.of(new EdfResolver(path, workingDirectory).resolve(edf.nameOrPath())),
                        processEnv);
            }
            if (source instanceof EnvironmentSource.SpecFile f) {
                if (!Files.isReadable(f.file())) {
                    throw ShimException.usage("--spec " + f.file() + ": file not found or not readable", null);
                }
                String name = f.file().toString();
                return pending(new ResolvedEnvironmentReader(name).read(Files.readString(f.file())), name);
            }
            EnvironmentSource.SpecVariable v = (EnvironmentSource.SpecVariable) source;
            String text = processEnv.get(v.name());
            if (text == null || text.isBlank()) {
                throw ShimException.usage(
                        "--spec-env " + v.name() + ": the variable is not set in this job",
                        "the operator passes the environment as " + v.name() + "; check the batch script");
            }
            return pending(new ResolvedEnvironmentReader(v.name()).read(text), v.name());
        } catch (EdfException e) {
            throw new ShimException(ExitCode.ENVIRONMENT, e.getMessage().strip(), null);
        } catch (CharacterCodingException e) {
            String what = source instanceof EnvironmentSource.SpecFile f
                    ? "--spec " + f.file()
                    : source instanceof EnvironmentSource.Edf edf
                            ? "environment " + edf.nameOrPath()
                            : "the environment";
            throw ShimException.environment(what + ": not UTF-8 text", "save it as UTF-8");
        } catch (IOException e) {
            throw ShimException.environment("cannot read the environment: " + IoErrors.describe(e), null);
        }
    }

    private PendingEnvironment pending(ResolvedEnvironment spec, String sourceName) {
        return new PendingEnvironment(TwoStepExpansion.of(spec, sourceName, workingDirectory), processEnv);
    }
}
