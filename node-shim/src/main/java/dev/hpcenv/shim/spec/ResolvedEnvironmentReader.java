package dev.hpcenv.shim.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hpcenv.model.ImageRef;
import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.json.LightJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the resolved-environment JSON without Jackson data binding: setting up an ObjectMapper and
 * introspecting the bean costs more than the rest of a warm start. Strict like data binding would
 * be (unknown fields and wrong types are errors naming the field); {@code ResolvedEnvironmentReaderTest}
 * fails when the crds model gains a field this reader does not know.
 */
public final class ResolvedEnvironmentReader {
    public static final Set<String> FIELDS = Set.of(
            "image",
            "imageRef",
            "squashfsPath",
            "containerfile",
            "workdir",
            "entrypoint",
            "writable",
            "mounts",
            "env",
            "unsetEnv",
            "annotations",
            "devices",
            "bases");
    private static final Set<String> IMAGE_REF_FIELDS = Set.of("registry", "repository", "tag", "digest", "user");
    private static final Set<String> MOUNT_FIELDS = Set.of("source", "target", "type", "flags");

    private final String source;

    public ResolvedEnvironmentReader(String source) {
        this.source = source;
    }

    public ResolvedEnvironment read(String text) {
        Object parsed;
        try {
            parsed = LightJson.parse(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
            throw fail(source + where + ": invalid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw fail(source + ": cannot read: " + e.getMessage());
        }
        Map<String, Object> root = object(parsed, "the document");
        checkFields(root, FIELDS, "");
        ResolvedEnvironment env = new ResolvedEnvironment();
        env.setImage(text(root, "image", ""));
        Object ref = root.get("imageRef");
        if (ref != null) {
            Map<String, Object> r = object(ref, "imageRef");
            checkFields(r, IMAGE_REF_FIELDS, "imageRef.");
            env.setImageRef(new ImageRef(
                    text(r, "registry", "imageRef."),
                    text(r, "repository", "imageRef."),
                    text(r, "tag", "imageRef."),
                    text(r, "digest", "imageRef."),
                    text(r, "user", "imageRef.")));
        }
        env.setSquashfsPath(text(root, "squashfsPath", ""));
        env.setContainerfile(text(root, "containerfile", ""));
        env.setWorkdir(text(root, "workdir", ""));
        env.setEntrypoint(bool(root, "entrypoint", false));
        env.setWritable(bool(root, "writable", true));
        List<Mount> mounts = new ArrayList<>();
        List<Object> ms = array(root, "mounts");
        for (int i = 0; i < ms.size(); i++) {
            String field = "mounts[" + i + "].";
            Map<String, Object> m = object(ms.get(i), "mounts[" + i + "]");
            checkFields(m, MOUNT_FIELDS, field);
            String type = text(m, "type", field);
            MountType mt;
            try {
                mt = type == null ? MountType.BIND : MountType.fromWire(type);
            } catch (IllegalArgumentException e) {
                throw fail(source + ": " + field + "type: " + e.getMessage());
            }
            mounts.add(new Mount(text(m, "source", field), text(m, "target", field), mt, strings(m, "flags", field)));
        }
        env.setMounts(mounts);
        env.setEnv(map(root, "env"));
        env.setUnsetEnv(strings(root, "unsetEnv", ""));
        env.setAnnotations(map(root, "annotations"));
        env.setDevices(strings(root, "devices", ""));
        env.setBases(strings(root, "bases", ""));
        return env;
    }

    private void checkFields(Map<String, Object> node, Set<String> known, String prefix) {
        for (String f : node.keySet()) {
            if (!known.contains(f)) {
                throw fail(source + ": unknown field '" + prefix + f + "'");
            }
        }
    }

    private String text(Map<String, Object> node, String field, String prefix) {
        Object v = node.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw fail(source + ": " + prefix + field + " must be a string");
        }
        return s;
    }

    private boolean bool(Map<String, Object> node, String field, boolean fallback) {
        Object v = node.get(field);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw fail(source + ": " + field + " must be true or false");
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    private List<Object> array(Map<String, Object> node, String field) {
        Object v = node.get(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?>)) {
            throw fail(source + ": " + field + " must be an array");
        }
        return (List<Object>) v;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Object v, String what) {
        if (!(v instanceof Map<?, ?>)) {
            throw fail(source + ": "
                    + (what.equals("the document") ? "expected a JSON object" : what + " must be an object"));
        }
        return (Map<String, Object>) v;
    }

    private List<String> strings(Map<String, Object> node, String field, String prefix) {
        List<String> out = new ArrayList<>();
        List<Object> arr = array(node, field);
        for (int i = 0; i < arr.size(); i++) {
            if (!(arr.get(i) instanceof String s)) {
                throw fail(source + ": " + prefix + field + "[" + i + "] must be a string");
            }
            out.add(s);
        }
        return out;
    }

    private Map<String, String> map(Map<String, Object> node, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        Object v = node.get(field);
        if (v == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : object(v, field).entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw fail(source + ": " + field + "." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), s);
        }
        return out;
    }

    private static ShimException fail(String message) {
        return ShimException.environment(message, "produce the environment with 'edf render'");
    }
}
