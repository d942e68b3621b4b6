package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hpcenv.crd.CrdPatterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Objects;

/**
 * Points an HpcJob at the SlurmCluster that runs it: one by name, or candidates (a list in order of
 * preference, or a label selector) among which the operator places the job (docs/workflows.md, section 5).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "names", "selector"})
@ValidationRule(
        value = "(has(self.name) ? 1 : 0) + (has(self.names) ? 1 : 0) + (has(self.selector) ? 1 : 0) == 1",
        message = "set exactly one of name, names and selector")
public class ClusterRef {
    /** Candidates of one job at most; each is looked at on every reconcile of an unplaced job. */
    public static final int MAX_NAMES = 16;

    @Size(max = 253)
    @Pattern(CrdPatterns.OBJECT_NAME)
    @JsonPropertyDescription("Name of the SlurmCluster (cluster scoped). Exactly one of name, names and selector.")
    private String name;

    // Each item's pattern and the set semantics come from build.ClusterNames (no item annotations in fabric8).
    @Size(min = 1, max = MAX_NAMES)
    @JsonPropertyDescription("SlurmClusters in order of preference (1 to 16, no repeats): the job is placed on the "
            + "first that is Ready and maps the job's namespace to a Slurm user, once, before it is submitted "
            + "(status.cluster). Exactly one of name, names and selector.")
    private List<String> names;

    @JsonPropertyDescription("A label selector of SlurmClusters: the job is placed on the first matching one, by "
            + "name, that is Ready and maps the job's namespace to a Slurm user, once, before it is submitted "
            + "(status.cluster). Exactly one of name, names and selector.")
    private LabelSelector selector;

    public ClusterRef() {}

    public ClusterRef(String name) {
        this.name = name;
    }

    public static ClusterRef ofNames(List<String> names) {
        ClusterRef ref = new ClusterRef();
        ref.setNames(names);
        return ref;
    }

    public static ClusterRef ofSelector(LabelSelector selector) {
        ClusterRef ref = new ClusterRef();
        ref.setSelector(selector);
        return ref;
    }

    /** The one SlurmCluster named; null when the reference is a list or a selector. */
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<String> getNames() {
        return names;
    }

    public void setNames(List<String> names) {
        this.names = names;
    }

    public LabelSelector getSelector() {
        return selector;
    }

    public void setSelector(LabelSelector selector) {
        this.selector = selector;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterRef r
                && Objects.equals(name, r.name)
                && Objects.equals(names, r.names)
                && Objects.equals(selector, r.selector);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, names, selector);
    }

    @Override
    public String toString() {
        if (names != null) {
            return "SlurmClusters " + names;
        }
        if (selector != null) {
            return "SlurmClusters selected by " + selector;
        }
        return "SlurmCluster/" + name;
    }
}
