package dev.hpcenv.shim.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON read into plain maps, lists, strings, booleans and numbers with jackson-core's streaming
 * parser. The warm start reads three small JSON documents; setting up an ObjectMapper for them
 * costs more than parsing them (measured), so the warm path never creates one.
 */
public final class LightJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private LightJson() {}

    public static JsonFactory factory() {
        return FACTORY;
    }

    /** A JSON value: {@code Map<String,Object>} (ordered), {@code List<Object>}, String, Boolean, Number or null. */
    public static Object parse(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            return readDocument(p);
        }
    }

    public static Object parse(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** One document from any jackson-core parser (the YAML one too), in the same plain form as {@link #parse}. */
    public static Object readDocument(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "empty document");
        }
        Object value = read(p, t);
        if (p.nextToken() != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "trailing content after the JSON value");
        }
        return value;
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    l.add(read(p, v));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + t);
        }
    }

    /** A string member of an object, or null. */
    public static String string(Object object, String field) {
        return object instanceof Map<?, ?> m && m.get(field) instanceof String s ? s : null;
    }

    /** A list of string members (non-strings skipped), empty when absent. */
    public static List<String> strings(Object object, String field) {
        List<String> out = new ArrayList<>();
        if (object instanceof Map<?, ?> m && m.get(field) instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    public static long number(Object object, String field) {
        return object instanceof Map<?, ?> m && m.get(field) instanceof Number n ? n.longValue() : 0;
    }

    public static Object member(Object object, String field) {
        return object instanceof Map<?, ?> m ? m.get(field) : null;
    }

    /** Writes a value of the kinds {@link #parse} returns back as compact JSON. */
    public static String write(Object value) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    /** {@link #write(Object)}, indented for people (what the explain commands print). */
    public static String writePretty(Object value) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            write(g, value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(com.fasterxml.jackson.core.JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else {
            g.writeString(v.toString());
        }
    }
}
