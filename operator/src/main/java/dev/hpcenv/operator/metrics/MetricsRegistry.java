package dev.hpcenv.operator.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A small metrics registry that writes the Prometheus text format (version 0.0.4). The operator
 * needs a handful of counters, histograms and gauges; this avoids pulling a metrics library and its
 * transitive dependencies into an operator image.
 */
public final class MetricsRegistry {

    private record Family(String name, String help, String type) {}

    private final Map<String, Family> families = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<Labels, LongAdder>> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<Labels, Histogram>> histograms = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, double[]> histogramBounds = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Supplier<Map<Labels, Double>>> gauges = new ConcurrentHashMap<>();

    public void declareCounter(String name, String help) {
        families.put(name, new Family(name, help, "counter"));
        counters.putIfAbsent(name, new ConcurrentHashMap<>());
    }

    public void declareHistogram(String name, String help, double... bounds) {
        families.put(name, new Family(name, help, "histogram"));
        histograms.putIfAbsent(name, new ConcurrentHashMap<>());
        histogramBounds.put(name, bounds.clone());
    }

    /** A gauge whose values are computed when scraped. */
    public void declareGauge(String name, String help, Supplier<Map<Labels, Double>> values) {
        families.put(name, new Family(name, help, "gauge"));
        gauges.put(name, values);
    }

    public void increment(String name, Labels labels) {
        counters.get(name).computeIfAbsent(labels, l -> new LongAdder()).increment();
    }

    public long counterValue(String name, Labels labels) {
        LongAdder adder = counters.get(name).get(labels);
        return adder == null ? 0 : adder.sum();
    }

    public void observe(String name, Labels labels, double value) {
        histograms
                .get(name)
                .computeIfAbsent(labels, l -> new Histogram(histogramBounds.get(name)))
                .observe(value);
    }

    public long histogramCount(String name, Labels labels) {
        Histogram h = histograms.get(name).get(labels);
        return h == null ? 0 : h.count();
    }

    /** Every metric in the Prometheus text exposition format. */
    public String scrape() {
        StringBuilder out = new StringBuilder();
        for (Family family : new TreeMap<>(families).values()) {
            out.append("# HELP ")
                    .append(family.name())
                    .append(' ')
                    .append(family.help())
                    .append('\n');
            out.append("# TYPE ")
                    .append(family.name())
                    .append(' ')
                    .append(family.type())
                    .append('\n');
            switch (family.type()) {
                case "counter" ->
                    new TreeMap<>(counters.get(family.name()))
                            .forEach((labels, value) -> sample(out, family.name(), labels, value.sum()));
                case "gauge" ->
                    new TreeMap<>(gauges.get(family.name()).get())
                            .forEach((labels, value) -> sample(out, family.name(), labels, value));
                default ->
                    new TreeMap<>(histograms.get(family.name()))
                            .forEach((labels, h) -> histogram(out, family.name(), labels, h));
            }
        }
        return out.toString();
    }

    private static void histogram(StringBuilder out, String name, Labels labels, Histogram h) {
        double[] bounds = h.bounds();
        for (int i = 0; i < bounds.length; i++) {
            sample(out, name + "_bucket", labels.with("le", number(bounds[i])), h.cumulativeCount(i));
        }
        sample(out, name + "_bucket", labels.with("le", "+Inf"), h.count());
        sample(out, name + "_sum", labels, h.sum());
        sample(out, name + "_count", labels, h.count());
    }

    private static void sample(StringBuilder out, String name, Labels labels, double value) {
        out.append(name)
                .append(labels.render())
                .append(' ')
                .append(number(value))
                .append('\n');
    }

    private static String number(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value)
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** Label names and values of one series, ordered by name. */
    public record Labels(List<String> pairs) implements Comparable<Labels> {
        public static final Labels NONE = new Labels(List.of());

        public static Labels of(String... nameValue) {
            if (nameValue.length % 2 != 0) {
                throw new IllegalArgumentException("labels come in name, value pairs");
            }
            TreeMap<String, String> sorted = new TreeMap<>();
            for (int i = 0; i < nameValue.length; i += 2) {
                sorted.put(nameValue[i], nameValue[i + 1]);
            }
            List<String> pairs = new ArrayList<>();
            sorted.forEach((k, v) -> {
                pairs.add(k);
                pairs.add(v);
            });
            return new Labels(List.copyOf(pairs));
        }

        Labels with(String name, String value) {
            List<String> more = new ArrayList<>(pairs);
            more.add(name);
            more.add(value);
            return new Labels(List.copyOf(more));
        }

        String render() {
            if (pairs.isEmpty()) {
                return "";
            }
            StringBuilder out = new StringBuilder("{");
            for (int i = 0; i < pairs.size(); i += 2) {
                out.append(i == 0 ? "" : ",")
                        .append(pairs.get(i))
                        .append("=\"")
                        .append(escape(pairs.get(i + 1)))
                        .append('"');
            }
            return out.append('}').toString();
        }

        private static String escape(String value) {
            return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        }

        @Override
        public int compareTo(Labels other) {
            return String.join("\u0000", pairs).compareTo(String.join("\u0000", other.pairs));
        }
    }
}
