package dev.hpcenv.edf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where EDF names are looked up: the user's directories ({@code EDF_PATH}, colon-separated, default
 * {@code $HOME/.edf}), then the system directories ({@code --system-path}, {@code HPCENV_EDF_SYSTEM_PATH},
 * default {@code /etc/hpcenv/edf}). A set {@code EDF_PATH} replaces {@code $HOME/.edf}, as in the CE.
 */
public record EdfSearchPath(List<Path> userDirectories, List<Path> systemDirectories) {
    public static final String EDF_PATH = "EDF_PATH";
    public static final String SYSTEM_PATH_VARIABLE = "HPCENV_EDF_SYSTEM_PATH";
    public static final String DEFAULT_SYSTEM_PATH = "/etc/hpcenv/edf";

    public EdfSearchPath {
        userDirectories = List.copyOf(userDirectories);
        systemDirectories = List.copyOf(systemDirectories);
    }

    /**
     * @param processEnv               the process environment ({@code EDF_PATH}, {@code HOME},
     *                                 {@code HPCENV_EDF_SYSTEM_PATH} are read)
     * @param edfPathOverrideOrNull    replaces {@code EDF_PATH} (the {@code --edf-path} option)
     * @param systemPathOverrideOrNull replaces the system path (the {@code --system-path} option)
     */
    public static EdfSearchPath fromEnvironment(
            Map<String, String> processEnv, String edfPathOverrideOrNull, String systemPathOverrideOrNull) {
        String user = edfPathOverrideOrNull != null ? edfPathOverrideOrNull : processEnv.get(EDF_PATH);
        List<Path> userDirs;
        if (user != null) {
            userDirs = split(user);
        } else {
            String home = processEnv.get("HOME");
            userDirs = home == null || home.isEmpty() ? List.of() : List.of(Path.of(home, ".edf"));
        }
        String system = systemPathOverrideOrNull != null
                ? systemPathOverrideOrNull
                : processEnv.getOrDefault(SYSTEM_PATH_VARIABLE, DEFAULT_SYSTEM_PATH);
        return new EdfSearchPath(userDirs, split(system));
    }

    /** User directories first, then system directories. */
    public List<Path> all() {
        List<Path> all = new ArrayList<>(userDirectories);
        all.addAll(systemDirectories);
        return all;
    }

    private static List<Path> split(String colonSeparated) {
        List<Path> dirs = new ArrayList<>();
        for (String part : colonSeparated.split(":")) {
            if (!part.isBlank()) {
                dirs.add(Path.of(part));
            }
        }
        return dirs;
    }
}
