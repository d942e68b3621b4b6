package dev.hpcenv.operator.reading;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one of the operator's custom resources; when the stored JSON does not fit the model, it
 * returns the object with its metadata (and its status, when that reads) but no spec, and records
 * why in {@link UnreadableResources}, instead of throwing: a throw here fails the informer's whole
 * list or watch, and java-operator-sdk then stops the operator.
 */
final class TolerantResourceDeserializer extends DelegatingDeserializer {

    private static final Logger LOG = LoggerFactory.getLogger(TolerantResourceDeserializer.class);

    private final Class<?> kind;
    private final UnreadableResources unreadable;

    TolerantResourceDeserializer(JsonDeserializer<?> delegate, Class<?> kind, UnreadableResources unreadable) {
        super(delegate);
        this.kind = kind;
        this.unreadable = unreadable;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
        return new TolerantResourceDeserializer(newDelegatee, kind, unreadable);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        TokenBuffer copy = ctxt.bufferAsCopyOfValue(p);
        Object read;
        try (JsonParser replay = copy.asParserOnFirstToken()) {
            read = _delegatee.deserialize(replay, ctxt);
        } catch (JsonProcessingException e) {
            try (JsonParser again = copy.asParserOnFirstToken()) {
                return withoutSpec(ctxt.readTree(again), ctxt, e);
            }
        }
        if (read instanceof HasMetadata r && r.getMetadata() != null) {
            unreadable.readable(r.getMetadata().getUid(), r.getMetadata().getResourceVersion());
        }
        return read;
    }

    private Object withoutSpec(JsonNode tree, DeserializationContext ctxt, JsonProcessingException cause)
            throws IOException {
        CustomResource<?, ?> resource;
        try {
            resource = (CustomResource<?, ?>) kind.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw cause;
        }
        ObjectMeta metadata = tree.hasNonNull("metadata")
                ? ctxt.readTreeAsValue(tree.get("metadata"), ObjectMeta.class)
                : new ObjectMeta();
        resource.setMetadata(metadata);
        if (tree.hasNonNull("status")) {
            try {
                setStatus(resource, ctxt.readTreeAsValue(tree.get("status"), statusType()));
            } catch (JsonProcessingException e) {
                // The status is the operator's to rewrite; without it the object still reconciles.
            }
        }
        // Also when only the status is unreadable, the object is held as a whole: a status that cannot
        // be read may hide the Slurm job of the HpcJob, and acting without it could submit a second one.
        String field = field(cause);
        String problem = problem(cause);
        UnreadableResources.Unreadable entry =
                new UnreadableResources.Unreadable(field, problem, metadata.getResourceVersion());
        if (unreadable.record(metadata.getUid(), entry)) {
            LOG.warn(
                    "unreadable: {} {}{} version={} field={} problem={} (kept without its spec; every other object "
                            + "goes on)",
                    HasMetadata.getKind(kind),
                    metadata.getNamespace() == null ? "" : metadata.getNamespace() + "/",
                    metadata.getName(),
                    metadata.getResourceVersion(),
                    field,
                    problem);
        }
        return resource;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void setStatus(CustomResource resource, Object status) {
        resource.setStatus(status);
    }

    private Class<?> statusType() {
        Type type = kind.getGenericSuperclass();
        if (type instanceof ParameterizedType p
                && p.getActualTypeArguments().length == 2
                && p.getActualTypeArguments()[1] instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    /** The JSON path of the value, e.g. spec.resources.cpusPerTask or spec.args[2]. */
    static String field(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            return "(the object)";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (r.getFrom() instanceof java.util.Map<?, ?>) {
                    path.append('[').append(r.getFieldName()).append(']');
                } else {
                    path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
                }
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        // The path starts at the resource itself.
        return path.length() == 0 ? "(the object)" : path.toString();
    }

    /** What is wrong, in one line and without Jackson's class names where they say nothing to a user. */
    static String problem(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        if (line.contains("out of range of int")
                || line.contains("Overflow")
                || (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f
                        && f.getTargetType() == Integer.class
                        && String.valueOf(f.getValue()).matches("-?[0-9]+"))) {
            return "the number is out of range (at most 2147483647)";
        }
        if (line.contains("out of range of long")) {
            return "the number is out of range (at most 9223372036854775807)";
        }
        line = line.replace("java.lang.", "").replaceAll("`?dev\\.hpcenv\\.crd\\.v1alpha1\\.", "`");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
