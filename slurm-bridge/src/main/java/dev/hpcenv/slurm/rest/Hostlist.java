package dev.hpcenv.slurm.rest;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands Slurm host lists such as {@code cn[01-03,7],gpu1} into node names, keeping zero padding.
 * Several bracket groups in one name ({@code r[1-2]n[1-2]}) expand as a product, as Slurm does.
 */
public final class Hostlist {

    /** Upper bound so a malformed or hostile range cannot exhaust memory. */
    private static final int MAX_NODES = 1_000_000;

    private Hostlist() {}

    public static List<String> expand(String hostlist) {
        List<String> out = new ArrayList<>();
        if (hostlist == null || hostlist.isBlank() || hostlist.equals("(null)") || hostlist.equals("None assigned")) {
            return out;
        }
        for (String item : splitTopLevel(hostlist.trim(), ',')) {
            if (!item.isBlank()) {
                expandItem(item.trim(), out);
            }
        }
        return out;
    }

    private static void expandItem(String item, List<String> out) {
        int open = item.indexOf('[');
        if (open < 0) {
            out.add(item);
            return;
        }
        int close = item.indexOf(']', open);
        if (close < 0) {
            out.add(item); // Not a host list Slurm would produce; keep it as a name.
            return;
        }
        String prefix = item.substring(0, open);
        String suffix = item.substring(close + 1);
        for (String range : item.substring(open + 1, close).split(",")) {
            String[] bounds = range.split("-", 2);
            if (bounds.length == 1) {
                expandItem(prefix + bounds[0] + suffix, out);
                continue;
            }
            long low;
            long high;
            try {
                low = Long.parseLong(bounds[0]);
                high = Long.parseLong(bounds[1]);
            } catch (NumberFormatException e) {
                out.add(item);
                return;
            }
            if (high < low) {
                out.add(item); // A descending range is not Slurm's; dropping it would hide the node.
                return;
            }
            int width = bounds[0].length();
            for (long n = low; n <= high && out.size() < MAX_NODES; n++) {
                String number = Long.toString(n);
                String padded = number.length() < width ? "0".repeat(width - number.length()) + number : number;
                expandItem(prefix + padded + suffix, out);
            }
        }
    }

    private static List<String> splitTopLevel(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == separator && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
