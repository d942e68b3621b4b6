package dev.hpcenv.shim.devices;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hpcenv.edf.validate.Printable;
import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.json.LightJson;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CDI specification ({@code .json} or {@code .yaml}) strictly, as the reference
 * implementation does: a version this shim does not know, an unknown field, a field newer than the
 * declared {@code cdiVersion}, a missing required field or a duplicate device name makes the whole
 * file unusable, with one line naming the file and the place.
 */
public final class CdiSpecReader {
    /** The released spec versions (SPEC.md of cncf-tags/container-device-interface, v0.3.0 to v1.1.0). */
    public static final List<String> KNOWN_VERSIONS =
            List.of("0.3.0", "0.4.0", "0.5.0", "0.6.0", "0.7.0", "0.8.0", "1.0.0", "1.1.0");
    /** Far beyond any real spec (nvidia-ctk's for 8 GPUs is about 30 KB): a larger file is a mistake. */
    public static final long MAX_BYTES = 16L << 20;

    /** Loaded with the first YAML spec: a site with JSON specs never opens the YAML jars. */
    private static final class Yaml {
        static final YAMLFactory FACTORY = new YAMLFactory();

        /** Typed as JsonParser here, so that verifying the reader needs no YAML class. */
        static JsonParser parser(String text) throws IOException {
            return FACTORY.createParser(text);
        }
    }

    private CdiSpecReader() {}

    /** A file that is not a usable spec: {@link #getMessage()} names it and what is wrong. */
    public static final class Malformed extends Exception {
        public Malformed(Path file, String what) {
            super(file + ": " + what);
        }
    }

    public static CdiSpec read(Path file, int priority) throws Malformed {
        String name = file.getFileName().toString();
        boolean yaml = name.endsWith(".yaml");
        Object doc;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new Malformed(file, "is " + size + " bytes, over the limit of " + MAX_BYTES);
            }
            String text = Files.readString(file);
            try (JsonParser p = yaml ? Yaml.parser(text) : LightJson.factory().createParser(text)) {
                doc = LightJson.readDocument(p);
            }
        } catch (CharacterCodingException e) {
            throw new Malformed(file, "is not UTF-8 text");
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new Malformed(
                    file,
                    "not valid " + (yaml ? "YAML" : "JSON") + " (" + where + oneLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new Malformed(file, "cannot be read (" + IoErrors.describe(e) + ")");
        }
        return new Parse(file).spec(doc, priority);
    }

    /** The YAML parser's message is several lines with a source excerpt: its statements only. */
    private static String oneLine(String message) {
        int marker = message.indexOf(" (start marker at");
        String joined = (marker < 0 ? message : message.substring(0, marker))
                .lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(java.util.stream.Collectors.joining("; "));
        return Printable.of(joined, 200);
    }

    /** One file's walk; {@code version} decides which fields it may use. */
    private static final class Parse {
        private final Path file;
        private String version = "1.1.0";

        Parse(Path file) {
            this.file = file;
        }

        CdiSpec spec(Object doc, int priority) throws Malformed {
            Map<String, Object> root = object(doc, "the document");
            fields(root, "the document", Set.of("cdiVersion", "kind", "annotations", "devices", "containerEdits"));
            version = requiredString(root, "cdiVersion", "the document");
            if (!KNOWN_VERSIONS.contains(version)) {
                throw bad("cdiVersion '" + Printable.of(version) + "' is not one this shim knows ("
                        + String.join(", ", KNOWN_VERSIONS) + ")");
            }
            String kind = requiredString(root, "kind", "the document");
            var kindProblem = CdiName.kindProblem(kind);
            if (kindProblem.isPresent()) {
                throw bad(kindProblem.get());
            }
            if (kind.substring(kind.indexOf('/') + 1).contains(".")) {
                requires("0.6.0", "kind with a dot in its class");
            }
            if (root.containsKey("annotations")) {
                requires("0.6.0", "annotations");
            }
            Object devs = root.get("devices");
            if (!(devs instanceof List<?> list) || list.isEmpty()) {
                throw bad("devices must list at least one device");
            }
            Map<String, CdiEdits> devices = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                String where = "devices[" + i + "]";
                Map<String, Object> d = object(list.get(i), where);
                fields(d, where, Set.of("name", "annotations", "containerEdits"));
                if (d.containsKey("annotations")) {
                    requires("0.6.0", where + ".annotations");
                }
                String name = requiredString(d, "name", where);
                var nameProblem = CdiName.deviceNameProblem(name);
                if (nameProblem.isPresent()) {
                    throw bad(where + ": " + nameProblem.get());
                }
                if (Character.isDigit(name.charAt(0))) {
                    requires("0.5.0", where + ": a device name starting with a digit");
                }
                if (devices.containsKey(name)) {
                    throw bad(where + ": device '" + Printable.of(name) + "' is declared twice");
                }
                devices.put(
                        name,
                        d.containsKey("containerEdits")
                                ? edits(d.get("containerEdits"), where + ".containerEdits")
                                : CdiEdits.NONE);
            }
            CdiEdits edits = root.containsKey("containerEdits")
                    ? edits(root.get("containerEdits"), "containerEdits")
                    : CdiEdits.NONE;
            return new CdiSpec(file, priority, version, kind, edits, devices);
        }

        CdiEdits edits(Object value, String where) throws Malformed {
            if (value == null) {
                return CdiEdits.NONE;
            }
            Map<String, Object> e = object(value, where);
            fields(
                    e,
                    where,
                    Set.of(
                            "env",
                            "deviceNodes",
                            "mounts",
                            "hooks",
                            "additionalGids",
                            "additionalGIDs",
                            "intelRdt",
                            "netDevices"));
            List<String> env = strings(e, "env", where);
            for (int i = 0; i < env.size(); i++) {
                if (env.get(i).indexOf('=') <= 0) {
                    throw bad(where + ".env[" + i + "]: '" + Printable.of(env.get(i)) + "' is not NAME=VALUE");
                }
            }
            List<CdiEdits.DeviceNode> nodes = new ArrayList<>();
            List<Object> rawNodes = list(e, "deviceNodes", where);
            for (int i = 0; i < rawNodes.size(); i++) {
                nodes.add(node(rawNodes.get(i), where + ".deviceNodes[" + i + "]"));
            }
            List<CdiEdits.Mount> mounts = new ArrayList<>();
            List<Object> rawMounts = list(e, "mounts", where);
            for (int i = 0; i < rawMounts.size(); i++) {
                mounts.add(mount(rawMounts.get(i), where + ".mounts[" + i + "]"));
            }
            List<CdiEdits.Hook> hooks = new ArrayList<>();
            List<Object> rawHooks = list(e, "hooks", where);
            for (int i = 0; i < rawHooks.size(); i++) {
                hooks.add(hook(rawHooks.get(i), where + ".hooks[" + i + "]"));
            }
            List<Long> gids = new ArrayList<>();
            for (String key : List.of("additionalGids", "additionalGIDs")) {
                if (e.containsKey(key)) {
                    requires("0.7.0", where + "." + key);
                    List<Object> raw = list(e, key, where);
                    for (int i = 0; i < raw.size(); i++) {
                        gids.add(number(raw.get(i), where + "." + key + "[" + i + "]", 0, 0xFFFFFFFFL));
                    }
                }
            }
            if (e.containsKey("intelRdt")) {
                requires("0.7.0", where + ".intelRdt");
                object(e.get("intelRdt"), where + ".intelRdt");
            }
            List<String> netDevices = new ArrayList<>();
            List<Object> rawNet = list(e, "netDevices", where);
            if (!rawNet.isEmpty()) {
                requires("1.1.0", where + ".netDevices");
            }
            for (int i = 0; i < rawNet.size(); i++) {
                String w = where + ".netDevices[" + i + "]";
                Map<String, Object> n = object(rawNet.get(i), w);
                fields(n, w, Set.of("hostInterfaceName", "name"));
                netDevices.add(requiredString(n, "hostInterfaceName", w));
            }
            return new CdiEdits(env, nodes, mounts, hooks, gids, e.containsKey("intelRdt"), netDevices);
        }

        CdiEdits.DeviceNode node(Object value, String where) throws Malformed {
            Map<String, Object> n = object(value, where);
            fields(
                    n,
                    where,
                    Set.of("path", "hostPath", "type", "major", "minor", "fileMode", "permissions", "uid", "gid"));
            String path = absolute(requiredString(n, "path", where), where + ".path");
            String hostPath = optionalString(n, "hostPath", where);
            if (hostPath != null) {
                requires("0.5.0", where + ".hostPath");
                absolute(hostPath, where + ".hostPath");
            }
            String type = optionalString(n, "type", where);
            if (type != null && !Set.of("c", "u", "b", "p").contains(type)) {
                throw bad(where + ".type: '" + Printable.of(type) + "' is not c, u, b or p");
            }
            String permissions = optionalString(n, "permissions", where);
            if (permissions != null && !permissions.equals("none") && !permissions.matches("[rwm]*")) {
                throw bad(where + ".permissions: '" + Printable.of(permissions) + "' is not a combination of r, w, m");
            }
            Long major = n.containsKey("major") ? number(n.get("major"), where + ".major", 0, 0xFFFFFFFFL) : null;
            Long minor = n.containsKey("minor") ? number(n.get("minor"), where + ".minor", 0, 0xFFFFFFFFL) : null;
            Integer mode = n.containsKey("fileMode")
                    ? (int) number(n.get("fileMode"), where + ".fileMode", 0, 07777777)
                    : null;
            Long uid = n.containsKey("uid") ? number(n.get("uid"), where + ".uid", 0, 0xFFFFFFFFL) : null;
            Long gid = n.containsKey("gid") ? number(n.get("gid"), where + ".gid", 0, 0xFFFFFFFFL) : null;
            return new CdiEdits.DeviceNode(path, hostPath, type, major, minor, mode, permissions, uid, gid);
        }

        CdiEdits.Mount mount(Object value, String where) throws Malformed {
            Map<String, Object> m = object(value, where);
            fields(m, where, Set.of("hostPath", "containerPath", "type", "options"));
            String type = optionalString(m, "type", where);
            if (type != null) {
                requires("0.4.0", where + ".type");
            }
            return new CdiEdits.Mount(
                    absolute(requiredString(m, "hostPath", where), where + ".hostPath"),
                    absolute(requiredString(m, "containerPath", where), where + ".containerPath"),
                    type,
                    strings(m, "options", where));
        }

        CdiEdits.Hook hook(Object value, String where) throws Malformed {
            Map<String, Object> h = object(value, where);
            fields(h, where, Set.of("hookName", "path", "args", "env", "timeout"));
            String name = requiredString(h, "hookName", where);
            if (!CdiHookStage.NAMES.contains(name)) {
                throw bad(where + ".hookName: '" + Printable.of(name) + "' is not one of "
                        + String.join(", ", CdiHookStage.NAMES));
            }
            Integer timeout = h.containsKey("timeout")
                    ? (int) number(h.get("timeout"), where + ".timeout", 1, Integer.MAX_VALUE)
                    : null;
            return new CdiEdits.Hook(
                    name,
                    absolute(requiredString(h, "path", where), where + ".path"),
                    strings(h, "args", where),
                    strings(h, "env", where),
                    timeout);
        }

        private void requires(String minimum, String what) throws Malformed {
            if (KNOWN_VERSIONS.indexOf(version) < KNOWN_VERSIONS.indexOf(minimum)) {
                throw bad(what + " needs cdiVersion " + minimum + " or later, the file says " + version);
            }
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> object(Object value, String where) throws Malformed {
            if (!(value instanceof Map<?, ?> m)) {
                throw bad(where + " must be an object");
            }
            return (Map<String, Object>) m;
        }

        private void fields(Map<String, Object> m, String where, Set<String> known) throws Malformed {
            for (String k : m.keySet()) {
                if (!known.contains(k)) {
                    throw bad(where + ": unknown field '" + Printable.of(k) + "' (known: "
                            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                }
            }
        }

        private String requiredString(Map<String, Object> m, String key, String where) throws Malformed {
            String s = optionalString(m, key, where);
            if (s == null || s.isEmpty()) {
                throw bad(where + ": '" + key + "' is required");
            }
            return s;
        }

        private String optionalString(Map<String, Object> m, String key, String where) throws Malformed {
            Object v = m.get(key);
            if (v != null && !(v instanceof String)) {
                throw bad(where + "." + key + " must be a string");
            }
            return (String) v;
        }

        private List<Object> list(Map<String, Object> m, String key, String where) throws Malformed {
            Object v = m.get(key);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List<?> l)) {
                throw bad(where + "." + key + " must be a list");
            }
            return new ArrayList<>(l);
        }

        private List<String> strings(Map<String, Object> m, String key, String where) throws Malformed {
            List<String> out = new ArrayList<>();
            List<Object> l = list(m, key, where);
            for (int i = 0; i < l.size(); i++) {
                if (!(l.get(i) instanceof String s)) {
                    throw bad(where + "." + key + "[" + i + "] must be a string");
                }
                out.add(s);
            }
            return out;
        }

        private long number(Object v, String where, long min, long max) throws Malformed {
            if (!(v instanceof Number n)
                    || v instanceof Double
                    || v instanceof Float
                    || n.longValue() < min
                    || n.longValue() > max) {
                throw bad(where + " must be a whole number from " + min + " to " + max);
            }
            return n.longValue();
        }

        private String absolute(String path, String where) throws Malformed {
            if (!path.startsWith("/")) {
                throw bad(where + ": '" + Printable.of(path) + "' is not an absolute path");
            }
            return path;
        }

        private Malformed bad(String what) {
            return new Malformed(file, what);
        }
    }
}
