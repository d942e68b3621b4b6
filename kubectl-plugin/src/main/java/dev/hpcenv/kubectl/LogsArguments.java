package dev.hpcenv.kubectl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parses the arguments of {@code kubectl hpcenv logs} the way kubectl parses its own (pflag): flags
 * before or after JOB, {@code --flag=value} or {@code --flag value}, {@code -n value}, {@code -nvalue}
 * or {@code -n=value}, {@code --} ends the flags, the last of a repeated flag wins ({@code --as-group}
 * repeats). Every value is checked here; an error is one line naming the flag and what it accepts.
 */
final class LogsArguments {

    static final String TAIL = "a whole number of lines from 0 to " + Numbers.MAX + ", or -1 for all";
    static final String TASK = "a task number (SLURM_PROCID) from 0 to " + Numbers.MAX;
    private static final String BOOLEAN = "true or false";

    private final List<String> kubectlFlags = new ArrayList<>();
    private final List<String> positional = new ArrayList<>();
    private String namespace;
    private boolean follow;
    private int tailLines = -1;
    private int sinceSeconds = -1;
    private int task = -1;
    private String node;
    private boolean timestamps;
    private boolean prefix;
    private boolean raw;
    private boolean help;

    private LogsArguments() {}

    /** The request, or empty when the arguments ask for help ({@code -h}, {@code --help}). */
    static Optional<LogsRequest> parse(List<String> arguments) throws UsageException {
        LogsArguments parser = new LogsArguments();
        parser.read(arguments);
        return parser.help ? Optional.empty() : Optional.of(parser.request());
    }

    private void read(List<String> given) throws UsageException {
        List<String> arguments = new ArrayList<>(given);
        int index = 0;
        while (index < arguments.size()) {
            String argument = arguments.get(index++);
            if (argument.equals("--")) {
                positional.addAll(arguments.subList(index, arguments.size()));
                return;
            }
            String name;
            String value = null;
            if (argument.startsWith("--") && argument.length() > 2) {
                int equals = argument.indexOf('=');
                name = equals < 0 ? argument.substring(2) : argument.substring(2, equals);
                value = equals < 0 ? null : argument.substring(equals + 1);
                if (name.length() == 1) {
                    // pflag's own rule: one letter is a short flag (-n), except kubectl's --v.
                    if (!name.equals("v")) {
                        throw new UsageException(
                                "unknown flag " + Shown.quote("--" + name) + " (one letter is a short flag, as in -n;"
                                        + " kubectl hpcenv logs --help lists the flags)");
                    }
                }
            } else if (argument.startsWith("-") && argument.length() > 1) {
                name = shortName(argument.charAt(1));
                String rest = argument.substring(2);
                if (!rest.isEmpty()) {
                    value = rest.startsWith("=") ? rest.substring(1) : rest;
                }
            } else {
                positional.add(argument);
                continue;
            }
            if (isBooleanFlag(name) && value != null && !argument.startsWith("--") && argument.charAt(2) != '=') {
                // -fh: short booleans written together, as pflag takes them.
                arguments.add(index, "-" + value);
                value = null;
            }
            if (isBooleanFlag(name)) {
                setBoolean(name, value == null || parseBoolean(name, value));
                continue;
            }
            if (!takesValue(name)) {
                throw new UsageException(
                        "unknown flag " + Shown.quote(argument.startsWith("--") ? "--" + name : argument)
                                + " (kubectl hpcenv logs --help lists the flags)");
            }
            if (value == null) {
                if (index == arguments.size()) {
                    throw new UsageException(flag(name) + " needs a value: " + accepts(name));
                }
                value = arguments.get(index++);
            }
            setValue(name, value);
        }
    }

    private static String shortName(char letter) throws UsageException {
        switch (letter) {
            case 'n':
                return "namespace";
            case 'f':
                return "follow";
            case 'h':
                return "help";
            default:
                String kubectl = KubectlFlags.longName(letter);
                if (kubectl == null) {
                    throw new UsageException("unknown flag " + Shown.quote("-" + new String(Character.toChars(letter)))
                            + " (kubectl hpcenv logs --help lists the flags)");
                }
                return kubectl;
        }
    }

    private static boolean isBooleanFlag(String name) {
        return switch (name) {
            case "follow", "timestamps", "prefix", "raw", "help" -> true;
            default -> KubectlFlags.isBoolean(name);
        };
    }

    private static boolean takesValue(String name) {
        return switch (name) {
            case "namespace", "tail", "since", "task", "node" -> true;
            default -> KubectlFlags.takesValue(name);
        };
    }

    private void setBoolean(String name, boolean value) {
        switch (name) {
            case "follow" -> follow = value;
            case "timestamps" -> timestamps = value;
            case "prefix" -> prefix = value;
            case "raw" -> raw = value;
            case "help" -> help = value;
            default -> kubectlFlags.add("--" + name + "=" + value);
        }
    }

    private void setValue(String name, String value) throws UsageException {
        switch (name) {
            case "namespace" -> {
                if (!Names.isDnsLabel(value)) {
                    throw invalid(name, value);
                }
                namespace = value;
            }
            case "tail" -> {
                tailLines = value.equals("-1") ? -1 : Numbers.parse(value);
                if (tailLines < 0 && !value.equals("-1")) {
                    throw invalid(name, value);
                }
            }
            case "since" -> {
                long seconds = Numbers.durationSeconds(value);
                if (seconds < 0) {
                    throw invalid(name, value);
                }
                sinceSeconds = (int) seconds;
            }
            case "task" -> {
                task = Numbers.parse(value);
                if (task < 0) {
                    throw invalid(name, value);
                }
            }
            case "node" -> {
                if (!Names.isNodeName(value)) {
                    throw invalid(name, value);
                }
                node = value;
            }
            default -> {
                // kubectl checks its own flags' values; an empty one would make it fall back silently
                // (an empty --context is the current context), and a line break cannot be any of them.
                if (value.isEmpty() || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                    throw new UsageException(flag(name) + ": needs a value on one line (kubectl's " + flag(name) + ")");
                }
                kubectlFlags.add("--" + name + "=" + value);
            }
        }
    }

    private LogsRequest request() throws UsageException {
        if (positional.isEmpty()) {
            throw new UsageException("JOB is missing: kubectl hpcenv logs JOB [flags] (kubectl hpcenv logs --help)");
        }
        if (positional.size() > 1) {
            throw new UsageException("one JOB only: " + Shown.quote(positional.get(0)) + " and "
                    + Shown.quote(positional.get(1)) + " given (flags start with '-'; kubectl hpcenv logs --help)");
        }
        String job = positional.get(0);
        if (!Names.isDnsSubdomain(job)) {
            throw new UsageException("JOB: " + Shown.quote(job) + " is not " + Names.JOB);
        }
        return new LogsRequest(
                job,
                Optional.ofNullable(namespace),
                follow,
                tailLines < 0 ? OptionalInt.empty() : OptionalInt.of(tailLines),
                sinceSeconds < 0 ? OptionalInt.empty() : OptionalInt.of(sinceSeconds),
                task < 0 ? OptionalInt.empty() : OptionalInt.of(task),
                Optional.ofNullable(node),
                timestamps,
                prefix,
                raw,
                kubectlFlags);
    }

    private static boolean parseBoolean(String name, String value) throws UsageException {
        // strconv.ParseBool's words, as kubectl takes them.
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new UsageException(flag(name) + ": " + Shown.quote(value) + " is not " + BOOLEAN);
        };
    }

    private static UsageException invalid(String name, String value) {
        return new UsageException(flag(name) + ": " + Shown.quote(value) + " is not " + accepts(name));
    }

    private static String flag(String name) {
        return switch (name) {
            case "namespace" -> "-n/--namespace";
            case "server" -> "-s/--server";
            case "v" -> "-v/--v";
            default -> "--" + name;
        };
    }

    private static String accepts(String name) {
        return switch (name) {
            case "namespace" -> Names.NAMESPACE;
            case "tail" -> TAIL;
            case "since" -> Numbers.SINCE;
            case "task" -> TASK;
            case "node" -> Names.NODE;
            default -> "kubectl's " + flag(name);
        };
    }
}
