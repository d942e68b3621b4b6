package dev.hpcenv.edf.cli;

import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.convert.ConversionOptions;
import dev.hpcenv.edf.convert.CustomResourceWriter;
import dev.hpcenv.edf.convert.EdfToResources;
import dev.hpcenv.edf.convert.ResourceNames;
import dev.hpcenv.edf.convert.ResourcesToEdf;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "convert",
        description = {
            "EDF to HpcEnvironment YAML (stdout), or with --to-edf, HpcEnvironment YAML back to EDF.",
            "Variables stay verbatim unless --expand: they are expanded on the node at run time."
        })
final class ConvertCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    SearchPathOptions search = new SearchPathOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "The EDF (or, with --to-edf, the YAML) to convert.")
    String file;

    @Option(names = "--name", paramLabel = "N", description = "Resource name (default: the file name without .toml).")
    String name;

    @Option(names = "--namespace", paramLabel = "NS", description = "Namespace of the resource.")
    String namespace;

    @Option(names = "--cluster-scoped", description = "Emit ClusterHpcEnvironment instead of HpcEnvironment.")
    boolean clusterScoped;

    @Option(names = "--flatten", description = "Merge the bases into one resource.")
    boolean flatten;

    @Option(names = "--recursive", description = "Also emit every base as its own resource, before the environment.")
    boolean recursive;

    @Option(names = "--expand", description = "Expand ${VAR} now, from this process's environment.")
    boolean expand;

    @Option(names = "--to-edf", description = "Convert HpcEnvironment/ClusterHpcEnvironment YAML to EDF.")
    boolean toEdf;

    @Option(
            names = "--output-dir",
            paramLabel = "DIR",
            description = "With --to-edf: write NAME.toml per resource into DIR instead of stdout.")
    Path outputDir;

    ConvertCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        checkOptions();
        try {
            return toEdf ? toEdf() : toResources();
        } catch (EdfException e) {
            context.report(e.diagnostics());
            return 1;
        }
    }

    private void checkOptions() {
        if (toEdf && (name != null || namespace != null || clusterScoped || flatten || recursive || expand)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--to-edf takes only FILE and --output-dir; the other options apply to EDF input");
        }
        if (!toEdf && outputDir != null) {
            throw new ParameterException(spec.commandLine(), "--output-dir applies only with --to-edf");
        }
        if (flatten && recursive) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--flatten and --recursive exclude each other: flatten merges the bases into one resource");
        }
        if (clusterScoped && namespace != null) {
            throw new ParameterException(spec.commandLine(), "a ClusterHpcEnvironment has no namespace");
        }
        if (name != null && !ResourceNames.isValid(name)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--name '" + name + "' is not a valid Kubernetes name (lowercase letters, digits, '-' and '.')");
        }
        if (namespace != null && !namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new ParameterException(
                    spec.commandLine(), "--namespace '" + namespace + "' is not a valid namespace name");
        }
    }

    private int toResources() throws EdfException {
        ConversionOptions options = new ConversionOptions(
                name,
                namespace,
                clusterScoped ? EnvironmentKind.CLUSTER_HPC_ENVIRONMENT : EnvironmentKind.HPC_ENVIRONMENT,
                flatten,
                recursive,
                expand);
        EdfToResources converter = new EdfToResources(search.resolver(context), context.environment());
        EdfToResources.Result result = converter.convert(file, options);
        context.report(result.warnings());
        context.out().print(CustomResourceWriter.write(result.resources()));
        context.out().flush();
        return 0;
    }

    private int toEdf() throws EdfException {
        Path path = context.workingDirectory().resolve(file);
        String yaml;
        if (Files.isDirectory(path)) {
            throw new EdfException(Diagnostic.error(
                    file,
                    0,
                    0,
                    "is a directory, not a YAML file",
                    "give the file written by edf convert or kubectl get -o yaml"));
        }
        try {
            yaml = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new EdfException(Diagnostic.error(
                    file, 0, 0, "file not found", "relative paths are relative to the current directory"));
        } catch (CharacterCodingException e) {
            throw new EdfException(Diagnostic.error(file, 0, 0, "not valid UTF-8", "YAML for kubectl is UTF-8"));
        } catch (IOException e) {
            throw new EdfException(Diagnostic.error(
                    file, 0, 0, "cannot read: " + e.getMessage(), "check that the file is readable on this machine"));
        }
        if (looksLikeToml(yaml)) {
            throw new EdfException(Diagnostic.error(
                    file,
                    0,
                    0,
                    "is TOML (an EDF), not HpcEnvironment YAML",
                    "--to-edf converts YAML back to an EDF; to convert this EDF to YAML, drop --to-edf"));
        }
        List<ResourcesToEdf.EdfFile> edfs = ResourcesToEdf.convert(yaml, file);
        if (outputDir == null) {
            if (edfs.size() > 1) {
                throw new EdfException(Diagnostic.error(
                        file,
                        0,
                        0,
                        "contains " + edfs.size() + " environments; an EDF holds one",
                        "give --output-dir DIR to write one NAME.toml each"));
            }
            context.out().print(edfs.get(0).toml());
            context.out().flush();
            return 0;
        }
        Path dir = context.workingDirectory().resolve(outputDir);
        for (ResourcesToEdf.EdfFile edf : edfs) {
            write(dir, edf);
            context.out().println(dir.resolve(edf.fileName()));
        }
        context.out().flush();
        return 0;
    }

    /** Valid TOML with a table or an EDF key: YAML would read it as one string and fail with Jackson's words. */
    private static boolean looksLikeToml(String text) {
        if (text.length() > 1 << 20) {
            return false;
        }
        TomlParseResult toml = Toml.parse(text, TomlVersion.V1_0_0);
        return !toml.hasErrors() && !toml.isEmpty() && !toml.contains("apiVersion");
    }

    // Written beside the target and moved into place, so a reader never sees half a file.
    private static void write(Path dir, ResourcesToEdf.EdfFile edf) throws EdfException {
        Path target = dir.resolve(edf.fileName());
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + edf.fileName(), ".tmp");
            try {
                Files.writeString(tmp, edf.toml());
                // A temp file is private (0600); an EDF is meant to be read by the jobs that use it.
                if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new EdfException(Diagnostic.error(
                    target.toString(),
                    0,
                    0,
                    "cannot write: " + e.getMessage(),
                    "check that the directory is writable and has space"));
        }
    }
}
