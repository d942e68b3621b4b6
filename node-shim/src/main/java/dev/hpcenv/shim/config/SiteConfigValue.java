package dev.hpcenv.shim.config;

import java.util.List;

/** One setting as written in shim.toml (before ${VAR} expansion), with its line for errors. */
public record SiteConfigValue(Kind kind, int line, String text, long number, List<String> list) {
    /** The TOML types the site configuration uses. */
    public enum Kind {
        STRING,
        NUMBER,
        LIST
    }

    public static SiteConfigValue string(int line, String text) {
        return new SiteConfigValue(Kind.STRING, line, text, 0, List.of());
    }

    public static SiteConfigValue number(int line, long number) {
        return new SiteConfigValue(Kind.NUMBER, line, null, number, List.of());
    }

    public static SiteConfigValue list(int line, List<String> list) {
        return new SiteConfigValue(Kind.LIST, line, null, 0, List.copyOf(list));
    }
}
