package dev.hpcenv.operator.job;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionReasons.Job;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.crd.v1alpha1.JobService;
import dev.hpcenv.crd.v1alpha1.ServicePhase;
import dev.hpcenv.crd.v1alpha1.ServiceState;
import dev.hpcenv.operator.status.ConditionMerger;
import dev.hpcenv.operator.status.DesiredCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What status.services means for the rest of the status, from the services as the nodes reported
 * them and the spec (pure): a service without a readiness check runs once started; condition
 * ServicesHealthy; and a job that failed with hpcenv-shim's exit code 125 because of a service gets
 * reason ServiceNotReady or ServiceFailed on its Ready and Failed conditions, naming the service and
 * node. Derived from the written status and the spec alone, so a restarted operator, whose memory of
 * the nodes' events is empty, keeps the same verdict.
 */
public final class ServicesHealth {
    /** hpcenv-shim's own exit code for a job it ended (docs/workflows.md, section 2). */
    static final int SHIM_EXIT = 125;

    private static final int NAMED = 3;

    private ServicesHealth() {}

    /**
     * @param previous the stored status (may be null): its ServicesHealthy keeps its transition time
     *     while its status stays, as a status built afresh from Slurm's facts no longer holds it
     * @param status   the status about to be written, changed here
     */
    public static void apply(HpcJobSpec spec, HpcJobStatus previous, HpcJobStatus status, Instant now) {
        List<ServiceState> services = status.getServices();
        if (services.isEmpty()) {
            return;
        }
        // New objects, never changed in place: the status may share them with the stored one it is compared with.
        services = services.stream()
                .map(s -> s.getState() == ServicePhase.STARTING
                                && service(spec, s.getName())
                                        .map(j -> j.getReady() == null)
                                        .orElse(false)
                        ? new ServiceState(
                                s.getName(),
                                s.getNode(),
                                ServicePhase.RUNNING,
                                s.getExitCode(),
                                s.getOutput(),
                                s.getMessage())
                        : s)
                .collect(Collectors.toCollection(ArrayList::new));
        status.setServices(services);
        List<ServiceState> notReady = with(services, ServicePhase.NOT_READY);
        List<ServiceState> failed = with(services, ServicePhase.EXITED).stream()
                .filter(s -> required(spec, s.getName()))
                .toList();
        List<ServiceState> exited = with(services, ServicePhase.EXITED).stream()
                .filter(s -> !required(spec, s.getName()))
                .toList();
        DesiredCondition healthy;
        if (!notReady.isEmpty()) {
            healthy =
                    DesiredCondition.isFalse(ConditionType.SERVICES_HEALTHY, Job.SERVICE_NOT_READY, notReady(notReady));
        } else if (!failed.isEmpty()) {
            healthy = DesiredCondition.isFalse(ConditionType.SERVICES_HEALTHY, Job.SERVICE_FAILED, ended(failed, true));
        } else if (!exited.isEmpty()) {
            healthy =
                    DesiredCondition.isFalse(ConditionType.SERVICES_HEALTHY, Job.SERVICE_EXITED, ended(exited, false));
        } else {
            healthy = DesiredCondition.isTrue(
                    ConditionType.SERVICES_HEALTHY,
                    Job.SERVICES_RUNNING,
                    services.size() + " service" + (services.size() == 1 ? "" : "s")
                            + " on the job's nodes started, ready or stopped after the tasks");
        }
        put(previous, status, healthy, now);
        if (status.getPhase() == HpcJobPhase.FAILED && Objects.equals(status.getExitCode(), SHIM_EXIT)) {
            if (!notReady.isEmpty()) {
                blame(status, Job.SERVICE_NOT_READY, notReady(notReady));
            } else if (!failed.isEmpty()) {
                blame(status, Job.SERVICE_FAILED, ended(failed, true));
            }
        }
    }

    private static String notReady(List<ServiceState> states) {
        return describe(
                states,
                s -> "service " + s.getName() + " on node " + s.getNode() + " not ready"
                        + (s.getMessage() == null ? "" : ": " + s.getMessage()));
    }

    private static String ended(List<ServiceState> states, boolean required) {
        return describe(
                        states,
                        s -> (required ? "required service " : "service ") + s.getName() + " on node " + s.getNode()
                                + " exited" + (s.getExitCode() == null ? "" : " with code " + s.getExitCode())
                                + " while the tasks ran"
                                + (s.getOutput() == null ? "" : " (output: " + s.getOutput() + ")"))
                + (required ? "" : "; the job goes on");
    }

    private static String describe(List<ServiceState> states, java.util.function.Function<ServiceState, String> line) {
        String named = states.stream().limit(NAMED).map(line).collect(Collectors.joining("; "));
        return states.size() > NAMED ? named + "; and " + (states.size() - NAMED) + " more" : named;
    }

    /** The job's final Ready and Failed conditions and message say which service ended it. */
    private static void blame(HpcJobStatus status, String reason, String message) {
        status.setMessage(message);
        List<Condition> conditions = new ArrayList<>();
        for (Condition c : status.getConditions()) {
            if (ConditionType.FAILED.wire().equals(c.getType())
                    || ConditionType.READY.wire().equals(c.getType())) {
                Condition blamed = new Condition(c.getType(), c.getStatus(), reason, message);
                blamed.setLastTransitionTime(c.getLastTransitionTime());
                blamed.setObservedGeneration(c.getObservedGeneration());
                conditions.add(blamed);
            } else {
                conditions.add(c);
            }
        }
        status.setConditions(conditions);
    }

    private static void put(HpcJobStatus previous, HpcJobStatus status, DesiredCondition desired, Instant now) {
        String type = desired.type().wire();
        List<Condition> old =
                status.getConditions().stream().anyMatch(c -> type.equals(c.getType())) || previous == null
                        ? status.getConditions()
                        : previous.getConditions();
        List<Condition> merged = ConditionMerger.merge(old, List.of(desired), now, status.getObservedGeneration());
        List<Condition> conditions = new ArrayList<>(status.getConditions());
        conditions.removeIf(c -> desired.type().wire().equals(c.getType()));
        conditions.addAll(merged);
        status.setConditions(conditions);
    }

    private static List<ServiceState> with(List<ServiceState> services, ServicePhase state) {
        return services.stream().filter(s -> s.getState() == state).toList();
    }

    private static boolean required(HpcJobSpec spec, String name) {
        return service(spec, name)
                .map(s -> Boolean.TRUE.equals(s.getRequired()))
                .orElse(false);
    }

    private static Optional<JobService> service(HpcJobSpec spec, String name) {
        return spec == null
                ? Optional.empty()
                : spec.getServices().stream()
                        .filter(s -> s != null && Objects.equals(s.getName(), name))
                        .findFirst();
    }
}
