package dev.hpcenv.operator.cluster;

import dev.hpcenv.crd.CrdPatterns;
import dev.hpcenv.crd.units.SlurmUnits;
import dev.hpcenv.crd.v1alpha1.SlurmAuth;
import dev.hpcenv.crd.v1alpha1.SlurmClusterSpec;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operator's own checks of a SlurmCluster: every CEL rule and bound of the CRD that a reconcile
 * depends on, so that the operator is safe behind an API server that evaluates none of them (see
 * {@code CelRuleEquivalentsTest}). Each problem is one line naming the field, with a hint.
 */
public final class ClusterSpecValidator {

    private static final Pattern URL = Pattern.compile(CrdPatterns.HTTP_URL);

    private ClusterSpecValidator() {}

    /**
     * What makes the whole cluster unusable: no job is submitted on it while any is found.
     */
    public static List<String> problems(SlurmClusterSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec == null) {
            return List.of("spec: missing (hint: see kubectl explain slurmcluster.spec)");
        }
        if (spec.getUrl() == null || !URL.matcher(spec.getUrl()).matches()) {
            problems.add("spec.url: "
                    + (spec.getUrl() == null
                            ? "missing"
                            : "'" + shortened(spec.getUrl()) + "' is not an http or https URL")
                    + " (hint: e.g. https://slurmrestd.example.org:6820)");
        }
        auth(spec.getAuth(), problems);
        if (spec.getUserMappings().size() > SlurmClusterSpec.MAX_USER_MAPPINGS) {
            problems.add("spec.userMappings: " + spec.getUserMappings().size() + " entries, more than "
                    + SlurmClusterSpec.MAX_USER_MAPPINGS);
        }
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < spec.getUserMappings().size(); i++) {
            UserMapping m = spec.getUserMappings().get(i);
            if (m == null || m.getNamespace() == null) {
                problems.add("spec.userMappings[" + i + "].namespace: missing");
                continue;
            }
            Integer earlier = first.putIfAbsent(m.getNamespace(), i);
            if (earlier != null) {
                problems.add("spec.userMappings[" + i + "].namespace: " + shortened(m.getNamespace())
                        + " is mapped already by spec.userMappings[" + earlier
                        + "] (each namespace may appear only once)");
            }
        }
        if (spec.getDefaults() != null && spec.getDefaults().getTimeLimit() != null) {
            try {
                SlurmUnits.durationMinutes(spec.getDefaults().getTimeLimit());
            } catch (IllegalArgumentException e) {
                problems.add("spec.defaults.timeLimit: " + e.getMessage());
            }
        }
        if (spec.getSyncIntervalSeconds() != null && spec.getSyncIntervalSeconds() < 1) {
            problems.add("spec.syncIntervalSeconds: " + spec.getSyncIntervalSeconds() + " is less than 1");
        }
        return problems;
    }

    /**
     * The mappings to users that never run jobs: their namespaces' jobs are refused, the other
     * namespaces' are submitted.
     */
    public static List<String> deniedMappings(SlurmClusterSpec spec, DeniedUsers denied) {
        List<String> problems = new ArrayList<>();
        if (spec == null) {
            return problems;
        }
        for (int i = 0; i < spec.getUserMappings().size(); i++) {
            UserMapping m = spec.getUserMappings().get(i);
            if (m != null) {
                int index = i;
                denied.refusal(m.getUser())
                        .ifPresent(why -> problems.add("spec.userMappings[" + index + "].user: "
                                + "namespace " + shortened(String.valueOf(m.getNamespace())) + " is mapped to "
                                + (m.getUser() == null ? "no user" : "'" + shortened(m.getUser()) + "'") + ": " + why
                                + "; its jobs are refused (hint: map it to the Slurm user of the project)"));
            }
        }
        return problems;
    }

    private static void auth(SlurmAuth auth, List<String> problems) {
        if (auth == null) {
            problems.add("spec.auth: missing (hint: set jwtKeySecretRef or tokenSecretRef)");
            return;
        }
        if ((auth.getJwtKeySecretRef() == null) == (auth.getTokenSecretRef() == null)) {
            problems.add("spec.auth: set exactly one of jwtKeySecretRef and tokenSecretRef");
        }
        if (auth.getJwtLifespanSeconds() != null && auth.getJwtKeySecretRef() == null) {
            problems.add("spec.auth.jwtLifespanSeconds: only applies with jwtKeySecretRef (a static token has "
                    + "its own lifetime)");
        }
        if (auth.getJwtLifespanSeconds() != null
                && (auth.getJwtLifespanSeconds() < 30 || auth.getJwtLifespanSeconds() > 86400)) {
            problems.add("spec.auth.jwtLifespanSeconds: " + auth.getJwtLifespanSeconds() + " is outside 30..86400");
        }
    }

    static String shortened(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 64 ? oneLine : oneLine.substring(0, 64) + "...(" + s.length() + " characters)";
    }
}
