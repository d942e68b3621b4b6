package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.OciMount;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Slurm's commands, libraries, configuration and munge socket come from the site settings
 * (binds). The shim keeps {@code SLURM_CONF} out of containers by default (an image's Slurm would
 * read the wrong file); with this hook the host's configuration is the right one, so a
 * non-default {@code SLURM_CONF} is passed through and its directory bound.
 */
final class SlurmConfPassthrough implements HookPreparation {
    @Override
    public void prepare(HookInput in, BundleDraft draft) {
        String conf = in.processEnv().get("SLURM_CONF");
        if (conf != null && conf.startsWith("/") && Files.isReadable(Path.of(conf))) {
            Path dir = Path.of(conf).getParent();
            if (draft.mounts.stream().noneMatch(m -> m.destination().equals(dir.toString()))) {
                draft.mounts.add(OciMount.bind(dir.toString(), dir.toString(), SiteEdits.BIND_OPTIONS));
            }
            draft.env.put("SLURM_CONF", conf);
        }
    }
}
