package dev.hpcenv.shim.image;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.hpcenv.shim.json.LightJson;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The sidecar written next to each Squashfs file in the store (and next to built images). */
public record StoredImage(String reference, String digest, ImageConfig config, String createdAt, long sizeBytes) {

    public static StoredImage read(Path file) throws IOException {
        Object n = LightJson.parse(file);
        Object c = LightJson.member(n, "config");
        ImageConfig config = new ImageConfig(
                LightJson.strings(c, "env"),
                LightJson.strings(c, "entrypoint"),
                LightJson.strings(c, "cmd"),
                LightJson.string(c, "workingDir"));
        return new StoredImage(
                LightJson.string(n, "reference"),
                LightJson.string(n, "digest"),
                config,
                LightJson.string(n, "createdAt"),
                LightJson.number(n, "sizeBytes"));
    }

    public void write(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file);
                JsonGenerator g = LightJson.factory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("reference", reference);
            g.writeStringField("digest", digest);
            g.writeObjectFieldStart("config");
            strings(g, "env", config.env());
            strings(g, "entrypoint", config.entrypoint());
            strings(g, "cmd", config.cmd());
            g.writeStringField("workingDir", config.workingDir());
            g.writeEndObject();
            g.writeStringField("createdAt", createdAt);
            g.writeNumberField("sizeBytes", sizeBytes);
            g.writeEndObject();
        }
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
