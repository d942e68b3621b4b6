package dev.hpcenv.operator.progress;

import dev.hpcenv.crd.v1alpha1.ServicePhase;
import dev.hpcenv.operator.logs.ProgressEvent;
import dev.hpcenv.operator.logs.Sender;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Folds one {@code service.*} event of a node's service supervisor into the job's service reports
 * (docs/workflows.md, section 3). Pure. An event without a service name, or of an older run than the
 * newest seen, changes nothing; an end the job hinges on (Exited, NotReady) is kept when the
 * supervisor later reports the service stopped, so the job's reason can name it.
 */
final class ServiceFold {

    private ServiceFold() {}

    /** @return the new reports, or empty when the event is not a service event this fold knows */
    static Optional<TreeMap<ServiceKey, NodeReports.ServiceReport>> fold(
            NodeReports before, Sender sender, ProgressEvent event) {
        if (!event.event().startsWith("service.")) {
            return Optional.empty();
        }
        Map<String, String> f = event.fields();
        String name = f.get("service");
        TreeMap<ServiceKey, NodeReports.ServiceReport> services = new TreeMap<>(before.services());
        if (name == null
                || name.isEmpty()
                || sender.attempt() < Math.max(before.latestAttempt(), before.latestServiceAttempt())) {
            return Optional.of(services);
        }
        String node = f.getOrDefault("node", sender.node());
        ServiceKey key = new ServiceKey(sender.attempt(), name, node);
        NodeReports.ServiceReport was = services.get(key);
        String output = was == null ? null : was.output();
        boolean required = was != null && was.required();
        NodeReports.ServiceReport now = switch (event.event()) {
            case "service.started" ->
                new NodeReports.ServiceReport(
                        ServicePhase.STARTING, f.getOrDefault("output", output), null, "", required);
            case "service.ready" ->
                new NodeReports.ServiceReport(ServicePhase.READY, output, null, readyAfter(f.get("seconds")), required);
            case "service.notReady" ->
                new NodeReports.ServiceReport(
                        ServicePhase.NOT_READY, output, null, f.getOrDefault("message", event.message()), required);
            case "service.exited" -> exited(f, output);
            case "service.stopped" -> stopped(was, f, output, required);
            default -> null;
        };
        if (now == null) {
            return Optional.empty();
        }
        services.put(key, now);
        return Optional.of(services);
    }

    private static NodeReports.ServiceReport exited(Map<String, String> f, String output) {
        Integer code = exitCode(f.get("exitCode"));
        boolean required = "true".equals(f.get("required"));
        if ("true".equals(f.get("early"))) {
            return new NodeReports.ServiceReport(
                    ServicePhase.EXITED,
                    output,
                    code,
                    (required ? "required service " : "service ") + "exited" + with(code) + " while the tasks ran",
                    required);
        }
        return new NodeReports.ServiceReport(
                ServicePhase.STOPPED, output, code, "ended on its own" + with(code) + " after the tasks", required);
    }

    private static NodeReports.ServiceReport stopped(
            NodeReports.ServiceReport was, Map<String, String> f, String output, boolean required) {
        Integer code = exitCode(f.get("exitCode"));
        if (was != null && (was.state() == ServicePhase.EXITED || was.state() == ServicePhase.NOT_READY)) {
            return new NodeReports.ServiceReport(
                    was.state(), was.output(), was.exitCode() != null ? was.exitCode() : code, was.message(), required);
        }
        return new NodeReports.ServiceReport(ServicePhase.STOPPED, output, code, "stopped after the tasks", required);
    }

    private static String readyAfter(String seconds) {
        return seconds == null || seconds.isBlank() ? "" : "ready after " + seconds.strip() + " s";
    }

    private static String with(Integer code) {
        return code == null ? "" : " with code " + code;
    }

    /** 0 to 255, as wait(2) reports it; anything else is not known. */
    private static Integer exitCode(String value) {
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.strip());
            return n >= 0 && n <= 255 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
