package dev.hpcenv.edf.mount;

import dev.hpcenv.edf.expand.VariableSyntax;
import dev.hpcenv.edf.model.MountSpec;
import dev.hpcenv.model.MountType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses and writes EDF mount strings: {@code SOURCE[:TARGET[:FLAGS]]}, flags joined by {@code +}; a lone
 * {@code sqsh} flag makes a Squashfs mount; a single path mounts at the same path. Colons inside
 * {@code ${VAR:-default}} do not separate fields.
 */
public final class MountParser {
    public static final String SQUASHFS_FLAG = "sqsh";
    private static final String FORMAT_HINT = "write SOURCE[:TARGET[:FLAGS]], e.g. \"${SCRATCH}/data:/data:ro\"";
    private static final Pattern FLAG = Pattern.compile("[A-Za-z0-9_.=-]+|\\$\\{[^}]*}");

    private MountParser() {}

    public static MountSpec parse(String text) throws MountSyntaxException {
        List<String> fields = VariableSyntax.splitOutsideReferences(text, ':');
        if (fields.size() > 3) {
            throw new MountSyntaxException(
                    "mount '" + text + "' has " + fields.size() + " ':'-separated fields; expected at most 3",
                    FORMAT_HINT);
        }
        String source = fields.get(0);
        String target = fields.size() > 1 ? fields.get(1) : source;
        checkPath("source", source, text);
        checkPath("target", target, text);
        if (fields.size() < 3) {
            return new MountSpec(source, target, MountType.BIND, List.of());
        }
        String flagField = fields.get(2);
        if (flagField.isEmpty()) {
            throw new MountSyntaxException(
                    "mount '" + text + "' has an empty flags field",
                    "remove the trailing ':' or write flags such as ro or ro+private");
        }
        List<String> flags = new ArrayList<>();
        for (String flag : VariableSyntax.splitOutsideReferences(flagField, '+')) {
            if (flag.isEmpty() || !FLAG.matcher(flag).matches()) {
                throw new MountSyntaxException(
                        "mount '" + text + "' has an invalid flag '" + flag + "'",
                        "join flags with +, e.g. ro+private");
            }
            flags.add(flag);
        }
        if (flags.equals(List.of(SQUASHFS_FLAG))) {
            return new MountSpec(source, target, MountType.SQUASHFS, List.of());
        }
        if (flags.contains(SQUASHFS_FLAG)) {
            throw new MountSyntaxException(
                    "mount '" + text + "' combines sqsh with other flags",
                    "sqsh must be the only flag of a Squashfs mount; other flags apply to bind mounts");
        }
        return new MountSpec(source, target, MountType.BIND, flags);
    }

    private static void checkPath(String what, String path, String text) throws MountSyntaxException {
        if (path.isEmpty()) {
            throw new MountSyntaxException("mount '" + text + "' has an empty " + what, FORMAT_HINT);
        }
        if (!isPathLike(path)) {
            throw new MountSyntaxException(
                    "mount " + what + " '" + path + "' must be an absolute path or start with ./",
                    "write /abs/path, ./relative/path or a variable such as ${SCRATCH}");
        }
    }

    /**
     * Whether a mount source or target can be a path: absolute, {@code ./} or {@code ../} relative, or led by a
     * variable that expands to one on the node (the CRD's MOUNT_TARGET pattern says the same).
     */
    public static boolean isPathLike(String path) {
        return path.startsWith("/") || path.startsWith("./") || path.startsWith("../") || path.startsWith("${");
    }

    /** The EDF string of a mount; the inverse of {@link #parse}. */
    public static String format(MountSpec mount) {
        StringBuilder sb = new StringBuilder(mount.source()).append(':').append(mount.target());
        if (mount.type() == MountType.SQUASHFS) {
            sb.append(':').append(SQUASHFS_FLAG);
        } else if (!mount.flags().isEmpty()) {
            sb.append(':').append(String.join("+", mount.flags()));
        }
        return sb.toString();
    }
}
