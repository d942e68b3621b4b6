package dev.hpcenv.edf.resolve;

import dev.hpcenv.edf.model.EnvironmentLayer;
import java.util.ArrayList;
import java.util.List;

/** An EDF file with its bases loaded, recursively, in the order they are listed. */
public record LoadedEnvironment(LocatedFile located, EnvironmentLayer layer, List<LoadedEnvironment> bases) {

    public LoadedEnvironment {
        bases = List.copyOf(bases);
    }

    /** Every file applied, bases first (each with its own bases first), this one last; repeats included. */
    public List<LoadedEnvironment> applicationOrder() {
        List<LoadedEnvironment> out = new ArrayList<>();
        bases.forEach(b -> out.addAll(b.applicationOrder()));
        out.add(this);
        return out;
    }
}
