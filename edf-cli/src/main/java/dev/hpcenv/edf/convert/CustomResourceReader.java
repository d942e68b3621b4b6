package dev.hpcenv.edf.convert;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.hpcenv.crd.CrdConstants;
import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.validate.Printable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads HpcEnvironment/ClusterHpcEnvironment objects from a YAML stream, with line numbers in errors. */
public final class CustomResourceReader {
    private static final String SPEC_HINT = "see kubectl explain hpcenvironment.spec for the fields and their types";
    private static final String YAML_HINT = "check the indentation and quoting at that line";

    private CustomResourceReader() {}

    /** The shape of one document; unknown top-level and spec fields are errors, metadata extras are not. */
    @JsonIgnoreProperties(
            value = {"status"},
            allowGetters = false)
    static final class Document {
        public String apiVersion;
        public String kind;
        public Metadata metadata;
        public EnvironmentSpec spec;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Metadata {
        public String name;
        public String namespace;
    }

    public static List<EnvironmentResource> read(String yaml, String sourceName) throws EdfException {
        List<EnvironmentResource> out = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        int index = 0;
        try (MappingIterator<Document> docs =
                Yaml.MAPPER.readerFor(Document.class).readValues(yaml)) {
            while (docs.hasNextValue()) {
                JsonLocation start = docs.getParser().currentLocation();
                Document doc = docs.nextValue();
                index++;
                if (doc == null) {
                    continue;
                }
                EnvironmentResource r =
                        toResource(doc, sourceName, start == null ? 0 : start.getLineNr(), index, problems);
                if (r != null) {
                    out.add(r);
                }
            }
        } catch (JsonProcessingException e) {
            problems.add(describe(e, sourceName));
        } catch (IOException | RuntimeException e) {
            // Jackson wraps a parse failure met while advancing in RuntimeJsonMappingException.
            Throwable cause = e.getCause() instanceof JsonProcessingException ? e.getCause() : e;
            problems.add(
                    cause instanceof JsonProcessingException jpe
                            ? describe(jpe, sourceName)
                            : Diagnostic.error(
                                    sourceName,
                                    0,
                                    0,
                                    "cannot read YAML: " + Printable.of(cause.getMessage(), 300),
                                    YAML_HINT));
        }
        if (!problems.isEmpty()) {
            throw new EdfException(problems);
        }
        if (out.isEmpty()) {
            throw new EdfException(Diagnostic.error(
                    sourceName,
                    0,
                    0,
                    "no HpcEnvironment or ClusterHpcEnvironment found",
                    "give a file written by edf convert or kubectl get -o yaml"));
        }
        return out;
    }

    private static EnvironmentResource toResource(
            Document doc, String source, int line, int index, List<Diagnostic> problems) {
        String where = "document " + index;
        if (!CrdConstants.API_VERSION.equals(doc.apiVersion)) {
            problems.add(Diagnostic.error(
                    source,
                    line,
                    0,
                    where + ": apiVersion '" + doc.apiVersion + "' is not " + CrdConstants.API_VERSION,
                    "write apiVersion: " + CrdConstants.API_VERSION));
            return null;
        }
        var kind = EnvironmentKind.find(doc.kind);
        if (kind.isEmpty()) {
            problems.add(Diagnostic.error(
                    source,
                    line,
                    0,
                    where + ": kind '" + doc.kind + "' is not HpcEnvironment or ClusterHpcEnvironment",
                    "--to-edf converts only environments"));
            return null;
        }
        if (doc.metadata == null || doc.metadata.name == null || doc.metadata.name.isEmpty()) {
            problems.add(Diagnostic.error(
                    source, line, 0, where + ": metadata.name is missing", "give the resource a name"));
            return null;
        }
        EnvironmentSpec spec = doc.spec == null ? new EnvironmentSpec() : doc.spec;
        return new EnvironmentResource(kind.get(), doc.metadata.name, doc.metadata.namespace, spec);
    }

    private static Diagnostic describe(JsonProcessingException e, String source) {
        JsonLocation loc = e.getLocation();
        int line = loc == null ? 0 : Math.max(0, loc.getLineNr());
        // Jackson's column is where the parser stopped (after the value), not where the field starts: omit it.
        int column = 0;
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            message = "unknown field '" + path(u) + "'";
        } else if (e instanceof MismatchedInputException m
                && m.getPath() != null
                && !m.getPath().isEmpty()) {
            String type =
                    m.getTargetType() == null ? "value" : m.getTargetType().getSimpleName();
            message = path(m) + ": wrong type or value (expected " + describeType(type) + ")";
        } else if (e instanceof JsonMappingException m
                && (m.getPath() == null || m.getPath().isEmpty())) {
            // Jackson's own text here names Java classes; the user only needs to know the shape is wrong.
            return Diagnostic.error(
                    source,
                    line,
                    column,
                    "not a Kubernetes object (a document must be a mapping "
                            + "with apiVersion, kind, metadata and spec)",
                    "give a file written by edf convert or kubectl get -o yaml");
        } else if (e instanceof JsonMappingException m) {
            message = path(m) + ": wrong type or value";
        } else {
            message = "invalid YAML: " + Printable.of(e.getOriginalMessage(), 300);
        }
        return Diagnostic.error(
                source, line, column, message, e instanceof JsonMappingException ? SPEC_HINT : YAML_HINT);
    }

    private static String describeType(String simpleName) {
        return switch (simpleName) {
            case "Boolean", "boolean" -> "true or false";
            case "String" -> "a string";
            case "List", "ArrayList" -> "a list";
            case "Map", "LinkedHashMap" -> "a map";
            case "MountType" -> "bind or squashfs";
            default -> simpleName;
        };
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
