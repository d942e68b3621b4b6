package dev.hpcenv.shim.devices;

import dev.hpcenv.edf.validate.Printable;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A fully qualified CDI device name, {@code vendor.com/class=name}, as the CDI specification spells
 * it: the vendor a DNS-like prefix, the class and the device name letters, digits, {@code - _ .}
 * (names also {@code :}), each beginning and ending with a letter or digit.
 */
public record CdiName(String vendor, String clazz, String name) {
    private static final Pattern VENDOR = Pattern.compile("[A-Za-z]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern CLASS = Pattern.compile("[A-Za-z]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._:-]*[A-Za-z0-9])?");
    private static final Pattern KIND_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");

    /** {@code vendor.com/class}: what a spec file's {@code kind} says. */
    public String kind() {
        return vendor + "/" + clazz;
    }

    @Override
    public String toString() {
        return kind() + "=" + name;
    }

    /** Whether a {@code devices} entry is meant as a CDI name rather than a device path. */
    static boolean looksLikeCdi(String entry) {
        int eq = entry.indexOf('=');
        return !entry.startsWith("/") && eq > 0 && entry.substring(0, eq).contains("/");
    }

    /** The parsed name, or why it is not one (for a one-line error). */
    static CdiName parse(String entry) {
        int eq = entry.indexOf('=');
        int slash = eq < 0 ? -1 : entry.lastIndexOf('/', eq);
        if (eq < 0 || slash < 0) {
            throw new IllegalArgumentException("'" + Printable.of(entry) + "' is not vendor.com/class=name");
        }
        CdiName n = new CdiName(entry.substring(0, slash), entry.substring(slash + 1, eq), entry.substring(eq + 1));
        Optional<String> bad = n.problem();
        if (bad.isPresent()) {
            throw new IllegalArgumentException("'" + Printable.of(entry) + "': " + bad.get());
        }
        return n;
    }

    private Optional<String> problem() {
        if (!VENDOR.matcher(vendor).matches()) {
            return Optional.of("vendor '" + Printable.of(vendor) + "' is not a name like vendor.com");
        }
        if (!CLASS.matcher(clazz).matches()) {
            return Optional.of("class '" + Printable.of(clazz) + "' may hold only letters, digits, - _ .");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("device name '" + Printable.of(name) + "' may hold only letters, digits, - _ . :");
        }
        return Optional.empty();
    }

    /** Why a spec file's {@code kind} is not {@code vendor.com/class}, or empty. */
    static Optional<String> kindProblem(String kind) {
        int slash = kind.indexOf('/');
        if (slash <= 0 || slash != kind.lastIndexOf('/')) {
            return Optional.of("kind '" + Printable.of(kind) + "' is not vendor.com/class");
        }
        String vendor = kind.substring(0, slash);
        String clazz = kind.substring(slash + 1);
        if (!VENDOR.matcher(vendor).matches() || !KIND_NAME.matcher(clazz).matches() || clazz.length() > 63) {
            return Optional.of("kind '" + Printable.of(kind) + "' is not vendor.com/class");
        }
        return Optional.empty();
    }

    /** Why a spec file's device name is not valid, or empty. */
    static Optional<String> deviceNameProblem(String name) {
        return NAME.matcher(name).matches()
                ? Optional.empty()
                : Optional.of("device name '" + Printable.of(name) + "' may hold only letters, digits, - _ . :");
    }
}
