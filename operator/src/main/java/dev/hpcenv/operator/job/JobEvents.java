package dev.hpcenv.operator.job;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionReasons.Job;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.operator.events.EventRecorder.Type;
import dev.hpcenv.operator.status.ConditionsView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The Kubernetes Events for one status transition of an HpcJob (pure: old and new status in, events out). */
public final class JobEvents {

    /** One event to record. */
    public record JobEvent(Type type, String reason, String message) {}

    private JobEvents() {}

    public static List<JobEvent> between(HpcJobStatus before, HpcJobStatus after) {
        List<JobEvent> events = new ArrayList<>();
        HpcJobPhase oldPhase = before == null ? null : before.getPhase();
        Optional<Condition> oldSubmitted = condition(before, ConditionType.SUBMITTED);
        Optional<Condition> newSubmitted = condition(after, ConditionType.SUBMITTED);
        Optional<Condition> newAccepted = condition(after, ConditionType.ACCEPTED);
        // A refusal or a new reason to wait is news; the same one again is not.
        if (newAccepted.isPresent()
                && Condition.FALSE.equals(newAccepted.get().getStatus())
                && changed(condition(before, ConditionType.ACCEPTED), newAccepted)) {
            events.add(new JobEvent(
                    Type.Warning,
                    newAccepted.get().getReason(),
                    newAccepted.get().getMessage()));
        }
        if (newSubmitted.isPresent() && changed(oldSubmitted, newSubmitted)) {
            Condition c = newSubmitted.get();
            Type type = Condition.TRUE.equals(c.getStatus())
                            || "Waiting".equals(c.getReason())
                            || "Suspended".equals(c.getReason())
                    ? Type.Normal
                    : Type.Warning;
            events.add(new JobEvent(type, c.getReason(), c.getMessage()));
        }
        boolean submittedNow = after.getSlurmJobId() != null && (before == null || before.getSlurmJobId() == null);
        if (submittedNow && after.getSiteEnvironment() != null) {
            events.add(new JobEvent(
                    Type.Normal,
                    Job.SITE_ENVIRONMENT,
                    "Slurm job " + after.getSlurmJobId() + " on SlurmCluster " + after.getCluster()
                            + " runs with the site environment ClusterHpcEnvironment "
                            + after.getSiteEnvironment().getName() + " ("
                            + after.getSiteEnvironment().getDigest()
                            + ") beneath its environment"));
        }
        // A service that ended early or is not ready is news once per reason (the job may go on).
        Optional<Condition> newServices = condition(after, ConditionType.SERVICES_HEALTHY);
        if (newServices.isPresent()
                && Condition.FALSE.equals(newServices.get().getStatus())
                && changed(condition(before, ConditionType.SERVICES_HEALTHY), newServices)) {
            events.add(new JobEvent(
                    Type.Warning,
                    newServices.get().getReason(),
                    newServices.get().getMessage()));
        }
        Integer oldAttempts = before == null ? null : before.getAttempts();
        boolean ended = after.getPhase() != null && after.getPhase().isTerminal();
        // One event per requeue seen (several between two listings are one, naming the attempt); a
        // requeue that ends the HpcJob is told by its Failed event.
        if (oldAttempts != null && after.getAttempts() != null && after.getAttempts() > oldAttempts && !ended) {
            events.add(new JobEvent(Type.Warning, Job.REQUEUED, after.getMessage()));
        }
        if (after.getPhase() != oldPhase
                && after.getPhase() != null
                && after.getPhase() != HpcJobPhase.PENDING
                && after.getPhase() != HpcJobPhase.SUBMITTED) {
            Type type = after.getPhase() == HpcJobPhase.FAILED || after.getPhase() == HpcJobPhase.CANCELLED
                    ? Type.Warning
                    : Type.Normal;
            String reason = phaseReason(after);
            // A job failed by its dependency before any submit said so already, through Submitted.
            if (events.stream().noneMatch(e -> e.reason().equals(reason))) {
                events.add(new JobEvent(type, reason, after.getMessage()));
            }
        }
        return events;
    }

    /**
     * The phase, except for a job its dependency failed: {@code kubectl get events} should tell that apart
     * from a job that ran and failed.
     */
    private static String phaseReason(HpcJobStatus after) {
        boolean dependency = after.getPhase() == HpcJobPhase.FAILED
                && condition(after, ConditionType.FAILED)
                        .map(c -> Job.DEPENDENCY_FAILED.equals(c.getReason()))
                        .orElse(false);
        return dependency ? Job.DEPENDENCY_FAILED : after.getPhase().wire();
    }

    private static boolean changed(Optional<Condition> before, Optional<Condition> after) {
        return before.isEmpty()
                || !Objects.equals(before.get().getStatus(), after.get().getStatus())
                || !Objects.equals(before.get().getReason(), after.get().getReason());
    }

    private static Optional<Condition> condition(HpcJobStatus status, ConditionType type) {
        return ConditionsView.find(status == null ? null : status.getConditions(), type);
    }
}
