package dev.hpcenv.slurm.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hpcenv.slurm.SlurmError;
import java.util.ArrayList;
import java.util.List;

/**
 * One slurmrestd answer. {@link #json()} is a MissingNode when the body was not JSON: slurmrestd
 * answers 401, 404, 405, 415 and parse errors in text/plain.
 */
public record RestResponse(int status, String contentType, String text, JsonNode json) {

    public boolean ok() {
        return status == 200;
    }

    public boolean isJson() {
        return !json.isMissingNode();
    }

    /** The {@code errors[]} items, whichever key (error_number or error_code) Slurm used. */
    public List<SlurmError> errors() {
        List<SlurmError> out = new ArrayList<>();
        JsonNode items = json.path("errors");
        if (items.isArray()) {
            for (JsonNode item : items) {
                JsonNode number = item.has("error_number") ? item.get("error_number") : item.get("error_code");
                out.add(new SlurmError(number != null && number.canConvertToInt() ? number.asInt() : null,
                        textOrNull(item.get("error")), textOrNull(item.get("description")),
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

    /** A short, single-line excerpt of a non-JSON body for error messages. */
    public String textExcerpt() {
        String line = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    static RestResponse of(int status, String contentType, String text, JsonNode json) {
        return new RestResponse(status, contentType, text, json == null ? MissingNode.getInstance() : json);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
