package dev.hpcenv.shim.bundle;

import dev.hpcenv.shim.image.ImageConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's argv. With {@code entrypoint = true} the image's Entrypoint comes first and
 * its Cmd is the default command (OCI image-spec conversion rules); otherwise the given command
 * runs as is, or the image's Cmd, or {@code /bin/sh} (enroot's default) when there is none.
 */
public final class ArgsResolver {
    private ArgsResolver() {}

    public static List<String> resolve(List<String> command, boolean useEntrypoint, ImageConfig image) {
        List<String> args = new ArrayList<>();
        if (useEntrypoint) {
            args.addAll(image.entrypoint());
            args.addAll(command.isEmpty() ? image.cmd() : command);
        } else {
            args.addAll(command.isEmpty() ? image.cmd() : command);
        }
        if (args.isEmpty()) {
            args.add("/bin/sh");
        }
        return args;
    }
}
