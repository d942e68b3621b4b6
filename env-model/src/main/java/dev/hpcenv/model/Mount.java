package dev.hpcenv.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One mount of an environment: the EDF string {@code SOURCE[:TARGET[:FLAGS]]} as an object.
 *
 * <p>Only Jackson annotations here (the node reads this class): the CRD generator takes the default of
 * {@code type} from them; the schema constraints (source and target required, a non-empty source, the
 * target's pattern) are added by {@code dev.hpcenv.crd.build.MountConstraints} in the crds module.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"source", "target", "type", "flags"})
public class Mount {
    @JsonPropertyDescription("Path on the node (variables such as ${SCRATCH} are expanded on the node).")
    private String source;

    @JsonPropertyDescription("Path inside the container: absolute, relative starting with '.', or starting with "
            + "a variable such as ${SCRATCH} that expands to an absolute path on the node.")
    private String target;

    @JsonProperty(defaultValue = "bind")
    @JsonPropertyDescription("bind (default) or squashfs (the source is a Squashfs file mounted as a directory).")
    private MountType type = MountType.BIND;

    @JsonPropertyDescription("Mount flags such as ro or private; written joined by '+' in an EDF.")
    private List<String> flags = new ArrayList<>();

    public Mount() {}

    public Mount(String source, String target, MountType type, List<String> flags) {
        this.source = source;
        this.target = target;
        this.type = type;
        this.flags = new ArrayList<>(flags);
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public MountType getType() {
        return type;
    }

    public void setType(MountType type) {
        this.type = type;
    }

    public List<String> getFlags() {
        return flags;
    }

    public void setFlags(List<String> flags) {
        this.flags = flags == null ? new ArrayList<>() : flags;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mount m
                && Objects.equals(source, m.source)
                && Objects.equals(target, m.target)
                && type == m.type
                && Objects.equals(flags, m.flags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, target, type, flags);
    }

    @Override
    public String toString() {
        return source + ":" + target + (flags.isEmpty() ? "" : ":" + String.join("+", flags)) + " (" + type.wire()
                + ")";
    }
}
