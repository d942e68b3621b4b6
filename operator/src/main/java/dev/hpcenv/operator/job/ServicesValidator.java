package dev.hpcenv.operator.job;

import dev.hpcenv.crd.CrdPatterns;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.JobService;
import dev.hpcenv.crd.v1alpha1.ServiceReadiness;
import dev.hpcenv.edf.validate.EnvironmentRules;
import dev.hpcenv.edf.validate.Printable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * spec.services checked again by the operator (the schema's rules, for an API server that enforced
 * an older schema or none), plus what the schema cannot say: an output pattern must stay inside the
 * job's working directory. One line per problem, naming the field, with a hint.
 */
final class ServicesValidator {

    private ServicesValidator() {}

    static List<String> problems(List<JobService> services) {
        List<String> problems = new ArrayList<>();
        if (services == null || services.isEmpty()) {
            return problems;
        }
        if (services.size() > HpcJobSpec.MAX_SERVICES) {
            problems.add("spec.services: " + services.size() + " services, at most " + HpcJobSpec.MAX_SERVICES
                    + " (hint: run several programs of one kind from one service)");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            String field = "spec.services[" + i + "]";
            JobService s = services.get(i);
            if (s == null) {
                problems.add(field + ": null (hint: each service needs a name and a command)");
                continue;
            }
            String name = s.getName();
            if (name == null || name.length() > JobService.MAX_NAME || !name.matches(CrdPatterns.NAMESPACE)) {
                problems.add(field + ".name: " + (name == null ? "missing" : "'" + Printable.of(name) + "'")
                        + " is not a DNS label (hint: lower-case letters, digits and '-', at most 63, e.g. sampler)");
            } else if (!names.add(name)) {
                problems.add(field + ".name: '" + name + "' is used by an earlier service (hint: names are unique "
                        + "in a job; they name each service's output file and state on the nodes)");
            }
            if (s.getCommand().isEmpty()) {
                problems.add(field + ".command: empty (hint: give the program and its arguments, e.g. [sampler])");
            }
            JobSpecValidator.words(field + ".command", s.getCommand(), problems);
            EnvironmentRules.variables(field + ".env.", s.getEnv()).forEach(v -> problems.add(v.format()));
            readiness(field + ".ready", s.getReady(), problems);
            bound(field + ".terminationGracePeriodSeconds", s.getTerminationGracePeriodSeconds(), 0, 300, problems);
            output(field + ".output", s.getOutput(), problems);
        }
        return problems;
    }

    private static void readiness(String field, ServiceReadiness r, List<String> problems) {
        if (r == null) {
            return;
        }
        if ((r.getCommand() == null) == (r.getTcpPort() == null)) {
            problems.add(field + ": set exactly one of command and tcpPort");
        }
        if (r.getCommand() != null) {
            if (r.getCommand().isEmpty()) {
                problems.add(field + ".command: empty (hint: e.g. [test, -e, /tmp/ready])");
            }
            JobSpecValidator.words(field + ".command", r.getCommand(), problems);
        }
        bound(field + ".tcpPort", r.getTcpPort(), 1, 65_535, problems);
        if (r.getTimeoutSeconds() == null) {
            problems.add(field + ".timeoutSeconds: missing (hint: how long the check may take, e.g. 60)");
        }
        bound(field + ".timeoutSeconds", r.getTimeoutSeconds(), 1, ServiceReadiness.MAX_TIMEOUT_SECONDS, problems);
        bound(field + ".periodSeconds", r.getPeriodSeconds(), 1, 60, problems);
    }

    /** Relative, without "..": the shim refuses an expansion outside the working directory, this says it early. */
    private static void output(String field, String pattern, List<String> problems) {
        if (pattern == null) {
            return;
        }
        if (pattern.isEmpty() || pattern.indexOf('\0') >= 0) {
            problems.add(field + ": empty or with a NUL character (hint: e.g. sampler-%N.out, or leave it unset)");
        } else if (pattern.startsWith("/") || List.of(pattern.split("/", -1)).contains("..")) {
            problems.add(field + ": '" + Printable.of(pattern) + "' leaves the job's working directory (hint: a "
                    + "relative path without '..', e.g. monitor/%x-%N.out)");
        }
    }

    private static void bound(String field, Integer value, int min, int max, List<String> problems) {
        if (value != null && (value < min || value > max)) {
            problems.add(field + ": " + value + " is outside " + min + ".." + max);
        }
    }
}
