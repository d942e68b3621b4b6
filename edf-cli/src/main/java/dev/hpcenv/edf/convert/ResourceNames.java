package dev.hpcenv.edf.convert;

import java.util.Locale;
import java.util.regex.Pattern;

/** Kubernetes object names (DNS-1123 subdomains) for environments named after their EDF files. */
public final class ResourceNames {
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_LENGTH = 253;

    private ResourceNames() {}

    public static boolean isValid(String name) {
        return name.length() <= MAX_LENGTH && DNS_1123_SUBDOMAIN.matcher(name).matches();
    }

    /** {@code My_Env.v2} becomes {@code my-env.v2}; never empty. */
    public static String sanitize(String raw) {
        String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-");
        s = s.replaceAll("-{2,}", "-").replaceAll("\\.{2,}", ".");
        // Every dot-separated label must start and end alphanumeric.
        StringBuilder out = new StringBuilder();
        for (String label : s.split("\\.")) {
            String trimmed = label.replaceAll("^-+", "").replaceAll("-+$", "");
            if (!trimmed.isEmpty()) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(trimmed);
            }
        }
        String name = out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) : out.toString();
        name = name.replaceAll("[.-]+$", "");
        return name.isEmpty() ? "environment" : name;
    }
}
