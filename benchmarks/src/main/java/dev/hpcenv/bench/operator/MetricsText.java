package dev.hpcenv.bench.operator;

import java.util.LinkedHashMap;
import java.util.Map;

/** The samples of a Prometheus text scrape, by series ({@code name{labels}}). */
record MetricsText(Map<String, Double> samples) {

    static MetricsText parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space > 0) {
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return new MetricsText(samples);
    }

    /** The sum of every series of {@code name} (any labels). */
    double sum(String name) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    /** The series of {@code name} by the value of one of its labels, e.g. requests by {@code call}. */
    Map<String, Double> byLabel(String name, String label) {
        Map<String, Double> values = new LinkedHashMap<>();
        String marker = label + "=\"";
        samples.forEach((series, value) -> {
            int at = series.indexOf(marker);
            if (series.startsWith(name + "{") && at > 0) {
                int from = at + marker.length();
                values.merge(series.substring(from, series.indexOf('"', from)), value, Double::sum);
            }
        });
        return values;
    }
}
