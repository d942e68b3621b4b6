package dev.hpcenv.shim.cli;

import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.run.RunRequest;
import dev.hpcenv.shim.spec.EnvironmentSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code run}'s options by hand: a handful of options on the warm path does not justify
 * loading an annotation-driven parser at every task start.
 */
final class RunArguments {
    private RunArguments() {
    }

    static RunRequest parse(List<String> args) {
        String environment = null;
        String edfPath = null;
        String spec = null;
        String specEnv = null;
        String workdir = null;
        Map<String, String> env = new LinkedHashMap<>();
        List<String> command = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String a = args.get(i);
            if (a.equals("--")) {
                command.addAll(args.subList(i + 1, args.size()));
                break;
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            switch (name) {
                case "--environment", "--edf-path", "--spec", "--spec-env", "--workdir", "--env" -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw ShimException.usage(name + " needs a value", "see hpcenv-shim --help");
                        }
                        value = args.get(++i);
                    }
                    switch (name) {
                        case "--environment" -> environment = value;
                        case "--edf-path" -> edfPath = value;
                        case "--spec" -> spec = value;
                        case "--spec-env" -> specEnv = value;
                        case "--workdir" -> workdir = value;
                        default -> {
                            int e = value.indexOf('=');
                            if (e <= 0) {
                                throw ShimException.usage("--env " + value + ": expected NAME=VALUE", null);
                            }
                            env.put(value.substring(0, e), value.substring(e + 1));
                        }
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        throw ShimException.usage("run: unknown option " + a, "see hpcenv-shim --help");
                    }
                    // Like srun: the command starts at the first non-option word, with or without "--".
                    command.addAll(args.subList(i, args.size()));
                    i = args.size();
                    continue;
                }
            }
            i++;
        }
        int sources = (environment != null ? 1 : 0) + (spec != null ? 1 : 0) + (specEnv != null ? 1 : 0);
        if (sources != 1) {
            throw ShimException.usage("run needs exactly one of --environment, --spec or --spec-env",
                    "see hpcenv-shim --help");
        }
        if (edfPath != null && environment == null) {
            throw ShimException.usage("--edf-path only applies to --environment", null);
        }
        EnvironmentSource source = environment != null ? new EnvironmentSource.Edf(environment, edfPath)
                : spec != null ? new EnvironmentSource.SpecFile(Path.of(spec))
                : new EnvironmentSource.SpecVariable(specEnv);
        return new RunRequest(source, workdir, env, command);
    }
}
