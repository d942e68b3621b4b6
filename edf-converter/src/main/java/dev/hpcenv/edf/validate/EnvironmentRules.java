package dev.hpcenv.edf.validate;

import dev.hpcenv.edf.expand.VariableSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every environment value obeys wherever it is written: an EDF ({@code edf validate}, the
 * shim reading EDF files), an HpcEnvironment or ClusterHpcEnvironment (their Ready condition), an
 * HpcJob's inline environment and job env (its Accepted condition), and the resolved environment a
 * node receives. One verdict for the same value everywhere; a site's own policy on the node may
 * refuse more, never less.
 *
 * <p>The methods return what is wrong without the field; {@link #variables} and
 * {@link #annotations} name the fields for callers that hold plain maps.
 */
public final class EnvironmentRules {
    /** POSIX names: what a shell can export and reference. Other names are dropped by shells or refused by runtimes. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Longer names are a mistake, not a variable; the limit keeps every message and condition readable. */
    public static final int MAX_VARIABLE_NAME_LENGTH = 256;
    /**
     * Bytes of one {@code NAME=value} string: the kernel's MAX_ARG_STRLEN (32 pages of 4 KiB); execve of
     * the container's process fails with E2BIG beyond it.
     */
    public static final int MAX_VARIABLE_BYTES = 131_072;
    /**
     * Annotation key characters: the reverse-domain names of OCI and the hooks ({@code com.hooks.cxi.enabled},
     * {@code nvidia.com/gpu}); no blanks, no '=' (the site's implications are written {@code key=value}).
     */
    private static final Pattern ANNOTATION_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]*");
    /** As a DNS name: the longest key any OCI tool writes. */
    public static final int MAX_ANNOTATION_KEY_LENGTH = 253;
    /** An annotation configures a hook; 64 KiB is far beyond any hook's value and keeps config.json sane. */
    public static final int MAX_ANNOTATION_VALUE_BYTES = 65_536;
    /**
     * Prefixes users may never set: {@code run.oci.} is interpreted by the OCI runtime itself (crun reads
     * e.g. {@code run.oci.keep_original_groups}), {@code org.hpcenv.} is the shim's own. The node's
     * AnnotationPolicy refuses the same, plus whatever the site's shim.toml denies.
     */
    public static final List<String> RESERVED_ANNOTATION_PREFIXES = List.of("run.oci.", "org.hpcenv.");
    /**
     * Flags of a bind mount that the node honours: access, propagation and the restrictions, which it
     * passes on to the container's mount ({@code nosuid} and {@code nodev} are always added).
     */
    public static final Set<String> BIND_MOUNT_FLAGS = Set.of(
            "ro",
            "rw",
            "private",
            "rprivate",
            "slave",
            "rslave",
            "shared",
            "rshared",
            "nosuid",
            "nodev",
            "noexec",
            "exec",
            "bind",
            "rbind");
    /**
     * Flags that would lift {@code nosuid} or {@code nodev}: a user's mount may not give the container
     * set-uid programs or device files from the host, so they are refused rather than silently dropped.
     */
    public static final Set<String> WEAKENING_MOUNT_FLAGS = Set.of("suid", "dev");

    private EnvironmentRules() {}

    /** An environment variable name. */
    public static Optional<RuleViolation> variableName(String name) {
        if (name == null || name.isEmpty()) {
            return violation("empty variable name", "give a name such as MY_VAR");
        }
        if (name.length() > MAX_VARIABLE_NAME_LENGTH) {
            return violation(
                    "variable name of " + name.length() + " characters, over the limit of " + MAX_VARIABLE_NAME_LENGTH,
                    "use a shorter name");
        }
        if (!VARIABLE_NAME.matcher(name).matches()) {
            return violation(
                    "not a valid variable name", "letters, digits and _ only, not starting with a digit, e.g. MY_VAR");
        }
        return Optional.empty();
    }

    /** A variable, name and value; a null or empty value (which unsets it) is always valid. */
    public static Optional<RuleViolation> variable(String name, String value) {
        Optional<RuleViolation> bad = variableName(name);
        if (bad.isPresent() || value == null) {
            return bad;
        }
        if (value.indexOf('\0') >= 0) {
            return violation("contains a NUL character, which no environment can hold", "remove it");
        }
        long bytes = utf8Length(name) + 1 + utf8Length(value);
        if (bytes > MAX_VARIABLE_BYTES) {
            return violation(
                    "NAME=value is " + bytes + " bytes, over the kernel's limit of " + MAX_VARIABLE_BYTES
                            + " bytes for one variable",
                    "pass large data in a file and its path in the variable");
        }
        return Optional.empty();
    }

    /** The first reserved prefix {@code key} starts with. */
    public static Optional<String> reservedPrefix(String key) {
        return RESERVED_ANNOTATION_PREFIXES.stream()
                .filter(p -> key != null && key.startsWith(p))
                .findFirst();
    }

    /** An annotation key. */
    public static Optional<RuleViolation> annotationKey(String key) {
        if (key == null || key.isEmpty()) {
            return violation("empty annotation key", "write a dotted name such as com.hooks.cxi.enabled");
        }
        if (key.length() > MAX_ANNOTATION_KEY_LENGTH) {
            return violation(
                    "annotation key of " + key.length() + " characters, over the limit of " + MAX_ANNOTATION_KEY_LENGTH,
                    "use the hook's documented annotation name");
        }
        if (!ANNOTATION_KEY.matcher(key).matches()) {
            return violation(
                    "not a valid annotation key", "letters, digits, '.', '_', '-' and '/', e.g. com.hooks.cxi.enabled");
        }
        Optional<String> reserved = reservedPrefix(key);
        if (reserved.isPresent()) {
            return violation(
                    "annotations starting with '" + reserved.get() + "' are reserved for the "
                            + (reserved.get().equals("run.oci.") ? "OCI runtime" : "hpcenv shim")
                            + " and may not be set",
                    "remove it; hooks are enabled with com.hooks.* annotations");
        }
        return Optional.empty();
    }

    /** An annotation, key and value. */
    public static Optional<RuleViolation> annotation(String key, String value) {
        Optional<RuleViolation> bad = annotationKey(key);
        if (bad.isPresent() || value == null) {
            return bad;
        }
        if (value.indexOf('\0') >= 0) {
            return violation("contains a NUL character", "remove it");
        }
        long bytes = utf8Length(value);
        if (bytes > MAX_ANNOTATION_VALUE_BYTES) {
            return violation(
                    "value of " + bytes + " bytes, over the limit of " + MAX_ANNOTATION_VALUE_BYTES,
                    "give the path of a file holding the data instead");
        }
        // Documented hooks' values are checked here and on the node (after expansion there); which
        // variants and artifacts exist, and what a site's own hooks accept, only the node knows.
        if (VariableSyntax.hasReferences(value)) {
            return Optional.empty();
        }
        return HookAnnotationValues.check(key, value);
    }

    /**
     * One flag of a bind mount. A flag holding a {@code ${VAR}} is checked on the node, after expansion;
     * Squashfs mounts take no flags of their own (the EDF parser refuses them).
     */
    public static Optional<RuleViolation> bindMountFlag(String flag) {
        if (flag != null && WEAKENING_MOUNT_FLAGS.contains(flag)) {
            return violation(
                    "mount flag '" + flag + "' is not allowed: bind mounts are always nosuid,nodev",
                    "remove '" + flag + "' from the mount's flags");
        }
        if (flag == null || !BIND_MOUNT_FLAGS.contains(flag)) {
            return violation(
                    "unsupported mount flag '" + Printable.of(String.valueOf(flag)) + "'",
                    "use ro, rw, private, rprivate, slave, rslave, shared, rshared, nosuid, nodev or noexec");
        }
        return Optional.empty();
    }

    /** The initial working directory in the container: absolute, or a ${VAR} that expands to one on the node. */
    public static Optional<RuleViolation> workdir(String path) {
        if (path == null) {
            return Optional.empty();
        }
        if (path.indexOf('\0') >= 0) {
            return violation("contains a NUL character", "remove it");
        }
        if (!path.startsWith("/") && !path.startsWith("$")) {
            return violation("not an absolute path", "write /abs/path or start with a variable such as ${SCRATCH}");
        }
        return Optional.empty();
    }

    /**
     * An environment's {@code workdir}: as {@link #workdir}, or relative starting with {@code ./} (or
     * {@code ../}), which the node anchors to the working directory of the process that runs the
     * environment (the CE's "Relative paths expansion"). A bare {@code run} is refused, not guessed.
     */
    public static Optional<RuleViolation> environmentWorkdir(String path) {
        if (path == null || path.indexOf('\0') >= 0) {
            return workdir(path);
        }
        if (path.startsWith("/")
                || path.startsWith("$")
                || path.equals(".")
                || path.startsWith("./")
                || path.startsWith("../")) {
            return Optional.empty();
        }
        return violation(
                "not an absolute path, and a relative one starts with ./",
                "write /abs/path, ./" + Printable.of(path) + " (relative to the directory the job starts in) or"
                        + " start with a variable such as ${SCRATCH}");
    }

    /** Every broken rule of a variables map; fields are {@code fieldPrefix + name}, e.g. {@code spec.env.}. */
    public static List<FieldViolation> variables(String fieldPrefix, Map<String, String> env) {
        List<FieldViolation> out = new ArrayList<>();
        if (env != null) {
            env.forEach((k, v) ->
                    variable(k, v).ifPresent(p -> out.add(new FieldViolation(fieldPrefix + Printable.of(k), p))));
        }
        return out;
    }

    /** Every broken rule of an annotations map; fields are {@code fieldPrefix + key}. */
    public static List<FieldViolation> annotations(String fieldPrefix, Map<String, String> annotations) {
        List<FieldViolation> out = new ArrayList<>();
        if (annotations != null) {
            annotations.forEach((k, v) ->
                    annotation(k, v).ifPresent(p -> out.add(new FieldViolation(fieldPrefix + Printable.of(k), p))));
        }
        return out;
    }

    private static Optional<RuleViolation> violation(String message, String hint) {
        return Optional.of(new RuleViolation(message, hint));
    }

    private static long utf8Length(String s) {
        // Counted without encoding: a 10 MB value must not cost a 10 MB copy per check.
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
