package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.slurm.ArrayIndexes;
import dev.hpcenv.slurm.SlurmException;
import java.util.Locale;

/**
 * Slurm's refusal of a job array: the site's MaxArraySize (which the REST API does not publish, so only
 * slurmctld can say it) or an expression it does not take. Shown as reason ArrayRefused.
 */
final class ArrayRefusal {

    private ArrayRefusal() {}

    static boolean is(HpcJobSpec spec, SlurmException e) {
        return spec != null
                && spec.getArray() != null
                && e.kind() == SlurmException.Kind.REJECTED
                // Slurm's ESLURM_INVALID_ARRAY text, "Invalid job array specification", on every version.
                && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("array");
    }

    /** The one line for the condition: what Slurm said, the array's size and largest index, and a hint. */
    static String message(HpcJobSpec spec, String slurmMessage) {
        String size;
        try {
            ArrayIndexes a = ArrayIndexes.parse(spec.getArray());
            size = a.count() + " elements, largest index " + a.maxIndex();
        } catch (IllegalArgumentException e) {
            size = e.getMessage();
        }
        return "Slurm refused spec.array '" + spec.getArray() + "' (" + size + "): " + slurmMessage
                + " (hint: every index must be below the site's MaxArraySize, `scontrol show config | grep "
                + "MaxArraySize`; split the work into several HpcJobs or use a step)";
    }
}
