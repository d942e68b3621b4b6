package dev.hpcenv.slurm.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hpcenv.slurm.SlurmError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One slurmrestd answer. {@link #json()} is a MissingNode when the body was not JSON: slurmrestd
 * answers 401, 404, 405, 415 and parse errors in text/plain, a proxy in front of it answers in HTML.
 *
 * @param url          the request URL (no credentials: those travel in headers), for messages
 * @param jsonProblem  why a body that claimed to be JSON could not be read (truncated, ...), or null
 */
public record RestResponse(int status, String contentType, String text, JsonNode json, String url, String jsonProblem) {

    private static final Pattern HTML_TITLE = Pattern.compile("(?is)<title>(.*?)</title>");

    public boolean ok() {
        return status == 200;
    }

    public boolean isJson() {
        return !json.isMissingNode();
    }

    /** The Slurm release from the answer's meta ({@code Slurm} up to v0.0.39, {@code slurm} after), or null. */
    public String slurmRelease() {
        JsonNode meta = json.path("meta");
        for (String key : List.of("slurm", "Slurm")) {
            JsonNode release = meta.path(key).path("release");
            if (release.isTextual() && !release.asText().isBlank()) {
                return release.asText();
            }
        }
        return null;
    }

    /** The {@code errors[]} items, whichever key (error_number or error_code) Slurm used. */
    public List<SlurmError> errors() {
        List<SlurmError> out = new ArrayList<>();
        JsonNode items = json.path("errors");
        if (items.isArray()) {
            for (JsonNode item : items) {
                JsonNode number = item.has("error_number") ? item.get("error_number") : item.get("error_code");
                if (!item.isObject()) {
                    out.add(new SlurmError(null, null, item.isValueNode() ? item.asText() : null, null));
                    continue;
                }
                out.add(new SlurmError(
                        number != null && number.isIntegralNumber() && number.canConvertToInt()
                                ? Integer.valueOf(number.intValue())
                                : null,
                        textOrNull(item.get("error")),
                        textOrNull(item.get("description")),
                        textOrNull(item.get("source"))));
            }
        }
        return out;
    }

    /** The warning descriptions (v0.0.39+). */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        json.path("warnings").forEach(w -> out.add(w.path("description").asText("")));
        return out;
    }

    /**
     * A short, single-line excerpt of a non-JSON body for error messages: the title of an HTML page
     * (a proxy's "502 Bad Gateway"), otherwise the text without tags or control characters.
     */
    public String textExcerpt() {
        String body = text == null ? "" : text;
        Matcher title = HTML_TITLE.matcher(body);
        if (title.find()) {
            body = title.group(1);
        } else if (body.stripLeading().startsWith("<")) {
            body = body.replaceAll("<[^>]*>", " ");
        }
        String line = body.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    static RestResponse of(int status, String contentType, String text, JsonNode json, String url, String jsonProblem) {
        return new RestResponse(
                status, contentType, text, json == null ? MissingNode.getInstance() : json, url, jsonProblem);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
