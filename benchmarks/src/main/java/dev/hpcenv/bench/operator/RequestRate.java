package dev.hpcenv.bench.operator;

import dev.hpcenv.operator.metrics.OperatorMetrics;
import java.util.Map;
import java.util.TreeMap;

/**
 * slurmrestd requests per sync interval between two scrapes of the operator's metrics: the
 * difference of {@code hpcenv_slurmrestd_requests_total} divided by the listings made meanwhile.
 *
 * @param total  all requests per interval
 * @param byCall per call (list_jobs, submit, ping, ...) per interval
 */
record RequestRate(double total, Map<String, Double> byCall) {

    static RequestRate between(MetricsText before, MetricsText after) {
        double intervals = after.sum(OperatorMetrics.LISTINGS) - before.sum(OperatorMetrics.LISTINGS);
        if (intervals <= 0) {
            throw new IllegalStateException("no listing between the two scrapes");
        }
        Map<String, Double> start = before.byLabel(OperatorMetrics.SLURM_REQUESTS, "call");
        Map<String, Double> byCall = new TreeMap<>();
        after.byLabel(OperatorMetrics.SLURM_REQUESTS, "call").forEach((call, n) -> {
            double delta = n - start.getOrDefault(call, 0.0);
            if (delta > 0) {
                byCall.put(call, delta / intervals);
            }
        });
        return new RequestRate(
                byCall.values().stream().mapToDouble(Double::doubleValue).sum(), byCall);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("%.2f".formatted(total));
        if (!byCall.isEmpty()) {
            s.append(" (");
            byCall.forEach((call, n) -> s.append(s.charAt(s.length() - 1) == '(' ? "" : ", ")
                    .append(call)
                    .append(' ')
                    .append("%.2f".formatted(n)));
            s.append(')');
        }
        return s.toString();
    }
}
