package dev.hpcenv.shim.cli;

import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.json.LightJson;
import dev.hpcenv.shim.run.RunRequest;
import dev.hpcenv.shim.spec.EnvironmentSource;
import java.io.IOException;
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
    private RunArguments() {}

    /** @param processEnv where {@code --argv-env} and nothing else looks */
    static RunRequest parse(List<String> args, Map<String, String> processEnv) {
        String environment = null;
        String argvEnv = null;
        String edfPath = null;
        String spec = null;
        String specEnv = null;
        String workdir = null;
        boolean progress = false;
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
            if (a.equals("--progress")) {
                progress = true;
                i++;
                continue;
            }
            switch (name) {
                case "--environment", "--edf-path", "--spec", "--spec-env", "--argv-env", "--workdir", "--env" -> {
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
                        case "--argv-env" -> argvEnv = value;
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
            throw ShimException.usage(
                    "run needs exactly one of --environment, --spec or --spec-env", "see hpcenv-shim --help");
        }
        if (edfPath != null && environment == null) {
            throw ShimException.usage("--edf-path only applies to --environment", null);
        }
        if (argvEnv != null) {
            if (!command.isEmpty()) {
                throw ShimException.usage("--argv-env " + argvEnv + " and a command after it: give one of them", null);
            }
            command.addAll(argvFrom(argvEnv, processEnv.get(argvEnv)));
        }
        EnvironmentSource source = environment != null
                ? new EnvironmentSource.Edf(environment, edfPath)
                : spec != null
                        ? new EnvironmentSource.SpecFile(Path.of(spec))
                        : new EnvironmentSource.SpecVariable(specEnv);
        return new RunRequest(source, workdir, env, command, progress);
    }

    /**
     * The command as a JSON array of strings in a variable: the operator's batch script passes argv
     * this way so that no word of it is ever shell text.
     */
    private static List<String> argvFrom(String variable, String json) {
        String hint = "the variable must hold the command as a JSON array of strings, e.g. [\"python\",\"train.py\"]";
        if (json == null) {
            throw ShimException.usage("--argv-env " + variable + ": the variable is not set in this job", hint);
        }
        Object parsed;
        try {
            parsed = LightJson.parse(json);
        } catch (IOException e) {
            throw ShimException.usage(
                    "--argv-env " + variable + ": not valid JSON ("
                            + e.getMessage().lines().findFirst().orElse("") + ")",
                    hint);
        }
        List<String> argv = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            for (Object word : list) {
                if (!(word instanceof String w)) {
                    throw ShimException.usage(
                            "--argv-env " + variable + ": element " + argv.size() + " is not a string", hint);
                }
                argv.add(w);
            }
            return argv;
        }
        throw ShimException.usage("--argv-env " + variable + ": not a JSON array", hint);
    }
}
