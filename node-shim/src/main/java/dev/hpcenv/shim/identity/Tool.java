package dev.hpcenv.shim.identity;

import java.io.File;
import java.util.Map;

/** Locates a helper program in the job's PATH (then /usr/bin), as the runtime itself would. */
public final class Tool {
    private Tool() {}

    private static final String[] FALLBACK = {"/usr/bin", "/usr/sbin", "/bin"};

    /** The executable's path, or null. Plain loops: this runs on every start, before anything is warm. */
    public static String find(String name, Map<String, String> env) {
        String path = env.get("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                String found = executable(dir, name);
                if (found != null) {
                    return found;
                }
            }
        }
        for (String dir : FALLBACK) {
            String found = executable(dir, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String executable(String dir, String name) {
        if (dir.isEmpty()) {
            return null;
        }
        // java.io.File: one access(2), without NIO's provider set-up on this early path.
        File f = new File(dir, name);
        return f.canExecute() ? f.getPath() : null;
    }
}
