package dev.hpcenv.edf.convert;

import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.EdfException;
import java.util.ArrayList;
import java.util.List;

/** HpcEnvironment/ClusterHpcEnvironment YAML back to EDF files, one per resource, named after it. */
public final class ResourcesToEdf {
    private ResourcesToEdf() {}

    /** One converted resource: the EDF file name it should get, and its text. */
    public record EdfFile(String fileName, String toml) {}

    public static List<EdfFile> convert(String yaml, String sourceName) throws EdfException {
        List<EdfFile> out = new ArrayList<>();
        for (EnvironmentResource r : CustomResourceReader.read(yaml, sourceName)) {
            if (!ResourceNames.isValid(r.name())) {
                throw new EdfException(Diagnostic.error(
                        sourceName,
                        0,
                        0,
                        r.kind().wire() + " '" + r.name() + "': metadata.name is not a valid Kubernetes name",
                        null));
            }
            EnvironmentSpec spec = r.spec();
            String label = sourceName + ": " + r.kind().wire() + "/" + r.name();
            String header = "Converted by edf convert --to-edf from " + r.kind().wire() + " "
                    + (r.namespace() == null ? "" : r.namespace() + "/") + r.name();
            out.add(new EdfFile(r.name() + ".toml", EdfTomlWriter.write(spec, header, label)));
        }
        return out;
    }
}
