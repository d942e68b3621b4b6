package dev.hpcenv.operator.progress;

import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.crd.v1alpha1.ServicePhase;
import dev.hpcenv.crd.v1alpha1.ServiceState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * status.services from the folded reports: the newest run's services, those the job hinges on
 * (NotReady, Exited) first, then by name and node, at most {@link HpcJobStatus#MAX_SERVICES}. Pure.
 */
final class ServiceStates {
    static final int MAX_MESSAGE = 1024;
    static final int MAX_OUTPUT = 4096;

    private static final Comparator<ServiceState> ORDER = Comparator.comparing(ServiceStates::quiet)
            .thenComparing(ServiceState::getName)
            .thenComparing(ServiceState::getNode);

    private ServiceStates() {}

    static List<ServiceState> of(NodeReports reports) {
        int attempt = reports.latestServiceAttempt();
        List<ServiceState> states = new ArrayList<>();
        for (Map.Entry<ServiceKey, NodeReports.ServiceReport> e :
                reports.services().entrySet()) {
            if (e.getKey().attempt() != attempt) {
                continue;
            }
            NodeReports.ServiceReport r = e.getValue();
            states.add(new ServiceState(
                    e.getKey().name(),
                    e.getKey().node(),
                    r.state(),
                    r.exitCode(),
                    cut(r.output(), MAX_OUTPUT),
                    r.message() == null || r.message().isEmpty() ? null : cut(r.message(), MAX_MESSAGE)));
        }
        states.sort(ORDER);
        return states.size() > HpcJobStatus.MAX_SERVICES
                ? new ArrayList<>(states.subList(0, HpcJobStatus.MAX_SERVICES))
                : states;
    }

    private static boolean quiet(ServiceState s) {
        return s.getState() != ServicePhase.NOT_READY && s.getState() != ServicePhase.EXITED;
    }

    private static String cut(String s, int max) {
        if (s == null || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max - 3)) + "...";
    }
}
