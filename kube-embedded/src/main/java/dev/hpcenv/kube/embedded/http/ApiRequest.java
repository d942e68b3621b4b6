package dev.hpcenv.kube.embedded.http;

import dev.hpcenv.kube.embedded.auth.Identity;
import dev.hpcenv.kube.embedded.auth.Impersonation;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request to the embedded API.
 *
 * @param path  the URL path, without query string
 * @param query decoded query parameters (the last value wins)
 * @param body  the request body, "" when there is none
 * @param identity who sends it, as authenticated by the HTTP front
 * @param impersonation whom it asks to act as (Impersonate-User, Impersonate-Group), checked by the router
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> query,
        String accept,
        String contentType,
        String body,
        Identity identity,
        Optional<Impersonation> impersonation) {

    public ApiRequest {
        query = Map.copyOf(query);
        body = body == null ? "" : body;
    }

    /** This request sent by {@code sender}, asking to act as {@code as} when present. */
    public ApiRequest by(Identity sender, Optional<Impersonation> as) {
        return new ApiRequest(method, path, query, accept, contentType, body, sender, as);
    }

    /** Builds a request from a raw request URI such as {@code /api/v1/secrets?watch=true}, sent by the admin. */
    public static ApiRequest of(String method, String uri, String accept, String contentType, String body) {
        URI parsed = URI.create(uri);
        Map<String, String> query = new LinkedHashMap<>();
        String raw = parsed.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.put(key, value);
            }
        }
        return new ApiRequest(
                method, parsed.getRawPath(), query, accept, contentType, body, Identity.ADMIN, Optional.empty());
    }

    public String param(String name) {
        return query.get(name);
    }

    public boolean flag(String name) {
        String value = query.get(name);
        return value != null && (value.isEmpty() || value.equals("true") || value.equals("1"));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
