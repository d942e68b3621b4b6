package dev.hpcenv.shim.hooks;

import dev.hpcenv.edf.validate.EnvironmentRules;
import dev.hpcenv.edf.validate.HookAnnotationValues;
import dev.hpcenv.shim.config.HookSiteConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the environment's annotations into the ones hooks see: aliases renamed (the paper's
 * {@code com.hooks.cxi.enable}), denied names refused, site defaults added where the user said
 * nothing, then implications applied ({@code aws_ofi_nccl} enables {@code cxi}) - they override
 * defaults but never what the user wrote.
 */
public final class AnnotationPolicy {
    /** Interpreted by the OCI runtime or owned by the shim: never the user's (edf-converter's shared rule). */
    private static final List<Pattern> BUILT_IN_DENY = EnvironmentRules.RESERVED_ANNOTATION_PREFIXES.stream()
            .map(prefix -> Pattern.compile("^" + prefix.replace(".", "\\.")))
            .toList();

    static final String SSH_KEY = "com.hooks.ssh.authorize_ssh_key";

    private final HookSiteConfig site;
    private final List<Pattern> deny = new ArrayList<>(BUILT_IN_DENY);

    public AnnotationPolicy(HookSiteConfig site) {
        this.site = site;
        site.deny().forEach(d -> deny.add(Pattern.compile(d)));
    }

    public EffectiveAnnotations apply(Map<String, String> user) {
        Map<String, String> explicit = new LinkedHashMap<>();
        List<RejectedAnnotation> rejected = new ArrayList<>();
        List<RejectedAnnotation> ignored = new ArrayList<>();
        // Names as hooks know them first, so that a contradicting alias is the one refused.
        List<Map.Entry<String, String>> ordered = new ArrayList<>(user.entrySet());
        ordered.sort(java.util.Comparator.comparing(e -> site.aliases().containsKey(e.getKey())));
        for (Map.Entry<String, String> e : ordered) {
            String name = site.aliases().getOrDefault(e.getKey(), e.getKey());
            String value = e.getValue() == null ? "" : e.getValue();
            Pattern denied = denied(e.getKey(), name);
            if (denied != null) {
                rejected.add(new RejectedAnnotation(
                        e.getKey(),
                        "users may not set annotations matching '" + denied.pattern()
                                + "' (runtime- or site-controlled)"));
                continue;
            }
            if (HookAnnotationValues.isPyxis(name)) {
                ignored.add(new RejectedAnnotation(e.getKey(), HookAnnotationValues.pyxisNote(name)));
                continue;
            }
            String earlier = explicit.get(name);
            if (earlier != null && !earlier.equals(value)) {
                rejected.add(new RejectedAnnotation(
                        e.getKey(),
                        "conflicts with " + name + "=\"" + earlier + "\" (the same annotation under another name)"));
                continue;
            }
            String problem = valueProblem(name, value);
            if (problem != null) {
                rejected.add(new RejectedAnnotation(e.getKey(), problem));
                continue;
            }
            explicit.put(name, value);
        }
        Map<String, String> effective = new LinkedHashMap<>(site.defaults());
        effective.putAll(explicit);
        // Implications chain (a enables b enables c); a bounded loop also ends any cycle.
        for (int round = 0; round < 8; round++) {
            boolean changed = false;
            for (HookSiteConfig.Implication i : site.implications()) {
                if (!i.value().equals(effective.get(i.key()))) {
                    continue;
                }
                for (Map.Entry<String, String> s : i.sets().entrySet()) {
                    if (!explicit.containsKey(s.getKey()) && !s.getValue().equals(effective.get(s.getKey()))) {
                        effective.put(s.getKey(), s.getValue());
                        changed = true;
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        return new EffectiveAnnotations(effective, rejected, ignored);
    }

    private Pattern denied(String written, String name) {
        for (Pattern p : deny) {
            if (p.matcher(written).find() || p.matcher(name).find()) {
                return p;
            }
        }
        return null;
    }

    /** Values hooks would otherwise misuse; checked here so that explain and run agree. */
    private static String valueProblem(String name, String value) {
        if (name.equals(SSH_KEY)
                && (!value.startsWith("/")
                        || value.contains("\n")
                        || value.startsWith("ssh-")
                        || value.contains(" "))) {
            return "must be the absolute path of a file holding the public key, not the key itself";
        }
        // The documented hooks' values, by the rule edf validate and the operator apply (after expansion here).
        return HookAnnotationValues.check(name, value).map(v -> v.message()).orElse(null);
    }
}
