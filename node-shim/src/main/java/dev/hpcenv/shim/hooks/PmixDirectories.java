package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.OciMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code srun --mpi=pmix} gives each task {@code PMIX_*} variables that name the server's
 * rendezvous directories on the node; the task's PMIx client must reach them at the same paths.
 * The variables themselves already pass into the container with the job's environment; this
 * binds every directory they name, writable (clients create their own files there).
 */
final class PmixDirectories implements HookPreparation {
    private static final List<String> DIR_VARIABLES =
            List.of("PMIX_SERVER_TMPDIR", "PMIX_SYSTEM_TMPDIR", "SLURM_PMIX_TMPDIR", "PMIX_SERVER_URI_DIR");

    @Override
    public void prepare(HookInput in, BundleDraft draft) {
        Set<String> dirs = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : in.processEnv().entrySet()) {
            if (DIR_VARIABLES.contains(e.getKey())
                    && e.getValue().startsWith("/")
                    && Files.isDirectory(Path.of(e.getValue()))) {
                dirs.add(e.getValue());
            }
        }
        for (String d : dirs) {
            draft.mounts.add(OciMount.bind(d, d, List.of("rbind", "nosuid", "nodev")));
        }
        in.processEnv().forEach((k, v) -> {
            if (k.startsWith("PMIX_")) {
                draft.env.putIfAbsent(k, v);
            }
        });
    }
}
