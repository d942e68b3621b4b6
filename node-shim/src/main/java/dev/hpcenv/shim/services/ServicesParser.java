package dev.hpcenv.shim.services;

import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.json.LightJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads HPCENV_SERVICES (docs/workflows.md, section 2) strictly: every field that is missing,
 * unknown, of the wrong type or out of range is one line naming it, e.g. {@code
 * HPCENV_SERVICES: services[1].ready.timeoutSeconds: must be 1..3600}. The operator writes the
 * variable from checked resources, so a bad one is a bug or a hand-made job: nothing starts.
 */
public final class ServicesParser {
    public static final String VARIABLE = "HPCENV_SERVICES";
    public static final int MAX_SERVICES = 16;
    public static final String DEFAULT_OUTPUT = "hpcenv-%j-%x-%N.out";
    static final int DEFAULT_GRACE = 10;
    static final int DEFAULT_PERIOD = 1;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Set<String> TOP_FIELDS = Set.of("services", "outputDirectory");
    private static final Set<String> SERVICE_FIELDS =
            Set.of("name", "argv", "spec", "env", "placement", "ready", "required", "graceSeconds", "output");
    private static final Set<String> READY_FIELDS = Set.of("command", "tcpPort", "timeoutSeconds", "periodSeconds");

    private final List<String> errors = new ArrayList<>();

    private ServicesParser() {}

    /** The services of a non-empty HPCENV_SERVICES; refuses the whole value when any field is bad. */
    public static List<ServiceSpec> parse(String json) {
        ServicesParser p = new ServicesParser();
        List<ServiceSpec> out = p.read(json);
        if (!p.errors.isEmpty()) {
            // One line per bad field; the CLI puts its prefix before the first.
            throw ShimException.usage(
                    String.join("\nhpcenv-shim: ", p.errors),
                    "the operator writes " + VARIABLE + " from HpcJob.spec.services; fix the job's services");
        }
        return out;
    }

    /**
     * The directory the services' output patterns are relative to, when the operator names one
     * ({@code outputDirectory}: the directory of the job's own output file); else empty, and they are
     * relative to the batch step's working directory. Call after {@link #parse}, which checks it.
     */
    public static java.util.Optional<java.nio.file.Path> outputDirectory(String json) {
        try {
            Object dir = LightJson.parse(json) instanceof Map<?, ?> top ? top.get("outputDirectory") : null;
            return dir instanceof String d
                    ? java.util.Optional.of(java.nio.file.Path.of(d))
                    : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** The errors of {@code json}, one line each (empty when it is valid): for tests and tools. */
    static List<String> errors(String json) {
        ServicesParser p = new ServicesParser();
        p.read(json);
        return p.errors;
    }

    private List<ServiceSpec> read(String json) {
        Object root;
        try {
            root = LightJson.parse(json);
        } catch (IOException e) {
            fail("", "not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return List.of();
        }
        if (!(root instanceof Map<?, ?> top)) {
            fail("", "must be a JSON object {\"services\":[...]}");
            return List.of();
        }
        unknownFields(top, TOP_FIELDS, "");
        Object dir = top.get("outputDirectory");
        if (dir != null
                && !(dir instanceof String d
                        && d.startsWith("/")
                        && d.indexOf('\0') < 0
                        && java.nio.file.Path.of(d)
                                .normalize()
                                .toString()
                                .equals(d.length() > 1 && d.endsWith("/") ? d.substring(0, d.length() - 1) : d))) {
            fail("outputDirectory", "must be an absolute, normalised path (no . or .. parts)");
        }
        Object list = top.get("services");
        if (!(list instanceof List<?> services)) {
            fail("services", list == null ? "is required" : "must be a list");
            return List.of();
        }
        if (services.size() > MAX_SERVICES) {
            fail("services", "at most " + MAX_SERVICES + " services, got " + services.size());
        }
        List<ServiceSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            String at = "services[" + i + "]";
            if (!(services.get(i) instanceof Map<?, ?> s)) {
                fail(at, "must be an object");
                continue;
            }
            ServiceSpec spec = service(s, at);
            if (spec != null && !names.add(spec.name())) {
                fail(at + ".name", "\"" + spec.name() + "\" is used by an earlier service; names must be unique");
            }
            if (spec != null) {
                out.add(spec);
            }
        }
        return out;
    }

    private ServiceSpec service(Map<?, ?> s, String at) {
        int before = errors.size();
        unknownFields(s, SERVICE_FIELDS, at);
        String name = string(s, "name", at, true);
        if (name != null && !DNS_LABEL.matcher(name).matches()) {
            fail(at + ".name", "\"" + name + "\" is not a DNS label (lower-case letters, digits and '-', at most 63)");
        }
        List<String> argv = strings(s.get("argv"), at + ".argv", true);
        String spec = spec(s.get("spec"), at + ".spec");
        Map<String, String> env = env(s.get("env"), at + ".env");
        Placement placement = placement(s.get("placement"), at + ".placement");
        ReadyCheck ready = ready(s.get("ready"), at + ".ready");
        boolean required = bool(s.get("required"), at + ".required");
        int grace = integer(s.get("graceSeconds"), at + ".graceSeconds", 0, 300, DEFAULT_GRACE);
        String output = string(s, "output", at, false);
        if (output == null) {
            output = DEFAULT_OUTPUT;
        } else {
            String problem = OutputPattern.check(output);
            if (problem != null) {
                fail(at + ".output", problem);
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new ServiceSpec(name, argv, spec, env, placement, ready, required, grace, output);
    }

    private ReadyCheck ready(Object value, String at) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> r)) {
            fail(at, "must be an object or null");
            return null;
        }
        unknownFields(r, READY_FIELDS, at);
        List<String> command = r.get("command") == null ? null : strings(r.get("command"), at + ".command", true);
        Integer port = null;
        if (r.get("tcpPort") != null) {
            port = integer(r.get("tcpPort"), at + ".tcpPort", 1, 65535, 0);
        }
        if ((r.get("command") == null) == (r.get("tcpPort") == null)) {
            fail(at, "needs exactly one of command and tcpPort");
        }
        int timeout = 0;
        if (r.get("timeoutSeconds") == null) {
            fail(at + ".timeoutSeconds", "is required (1..3600)");
        } else {
            timeout = integer(r.get("timeoutSeconds"), at + ".timeoutSeconds", 1, 3600, 0);
        }
        int period = integer(r.get("periodSeconds"), at + ".periodSeconds", 1, 60, DEFAULT_PERIOD);
        return new ReadyCheck(command, port, timeout, period);
    }

    private String spec(Object value, String at) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?>) {
            return LightJson.write(value);
        }
        fail(at, "must be the service's resolved environment (a JSON object) or null");
        return null;
    }

    private Map<String, String> env(Object value, String at) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> m)) {
            fail(at, "must be an object of strings");
            return out;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.isEmpty() || key.contains("=")) {
                fail(at, "\"" + key + "\" is not a variable name");
            } else if (!(e.getValue() instanceof String v)) {
                fail(at + "." + key, "must be a string");
            } else {
                out.put(key, v);
            }
        }
        return out;
    }

    private Placement placement(Object value, String at) {
        if (value == null) {
            return Placement.EVERY_NODE;
        }
        for (Placement p : Placement.values()) {
            if (p.wire().equals(value)) {
                return p;
            }
        }
        fail(at, "must be everyNode or firstNode");
        return Placement.EVERY_NODE;
    }

    private String string(Map<?, ?> s, String field, String at, boolean required) {
        Object v = s.get(field);
        if (v == null) {
            if (required) {
                fail(at + "." + field, "is required");
            }
            return null;
        }
        if (!(v instanceof String str) || str.isEmpty()) {
            fail(at + "." + field, "must be a non-empty string");
            return null;
        }
        return str;
    }

    private List<String> strings(Object value, String at, boolean nonEmpty) {
        if (!(value instanceof List<?> l)) {
            fail(at, value == null ? "is required" : "must be a list of strings");
            return List.of();
        }
        if (nonEmpty && l.isEmpty()) {
            fail(at, "must not be empty");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i) instanceof String w) {
                out.add(w);
            } else {
                fail(at + "[" + i + "]", "must be a string");
            }
        }
        if (!out.isEmpty() && out.get(0).isEmpty()) {
            fail(at + "[0]", "must not be empty");
        }
        return out;
    }

    private boolean bool(Object value, String at) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        fail(at, "must be true or false");
        return false;
    }

    private int integer(Object value, String at, int min, int max, int otherwise) {
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Integer || value instanceof Long) {
            long n = ((Number) value).longValue();
            if (n >= min && n <= max) {
                return (int) n;
            }
        }
        fail(at, "must be " + min + ".." + max);
        return otherwise;
    }

    private void unknownFields(Map<?, ?> m, Set<String> known, String at) {
        for (Object k : m.keySet()) {
            if (!known.contains(String.valueOf(k))) {
                fail(at.isEmpty() ? String.valueOf(k) : at + "." + k, "unknown field");
            }
        }
    }

    private void fail(String field, String problem) {
        errors.add(VARIABLE + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
    }
}
