package dev.hpcenv.shim.hooks;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.hpcenv.shim.json.LightJson;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * The {@code hpcenv-shim hooks} answer:
 * {@code {"annotations":{...},"active":[{"name","stages","matchedBy"}],"rejected":[{"annotation","reason"}],
 * "ignored":[{"annotation","reason"}],"netstack":"..."}}: {@code ignored} are accepted annotations
 * that do nothing here ({@code com.pyxis.*}); {@code netstack} says where the network hooks' libraries
 * come from when a network hook is active.
 */
final class HookPlanJson {
    private HookPlanJson() {}

    static String write(HookPlan plan) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = LightJson.factory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeObjectFieldStart("annotations");
            for (Map.Entry<String, String> e : plan.annotations().annotations().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("active");
            for (ActiveHook h : plan.active()) {
                g.writeStartObject();
                g.writeStringField("name", h.name());
                g.writeArrayFieldStart("stages");
                for (String s : h.stages()) {
                    g.writeString(s);
                }
                g.writeEndArray();
                g.writeStringField("matchedBy", h.matchedBy());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rejected");
            annotations(g, plan.annotations().rejected());
            g.writeEndArray();
            g.writeArrayFieldStart("ignored");
            annotations(g, plan.annotations().ignored());
            g.writeEndArray();
            if (plan.netstack() != null) {
                g.writeStringField("netstack", plan.netstack().describe());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out + "\n";
    }

    private static void annotations(JsonGenerator g, java.util.List<RejectedAnnotation> list) throws IOException {
        for (RejectedAnnotation r : list) {
            g.writeStartObject();
            g.writeStringField("annotation", r.annotation());
            g.writeStringField("reason", r.reason());
            g.writeEndObject();
        }
    }
}
