package dev.hpcenv.shim.runtime;

import dev.hpcenv.shim.identity.MappingPlanner;
import dev.hpcenv.shim.identity.UserMapping;
import dev.hpcenv.shim.spawn.NativeSpawner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * packaging/common/train-cds.sh records the classes of one plain run, as root. Unprivileged
 * runs (the job's own ids) and runs that pass descriptors (srun --mpi=pmi2) load classes that
 * run never touches; outside the archive they cost milliseconds at every start. The training
 * run loads them here, after its container has run.
 */
public final class ClassArchiveTraining {
    private ClassArchiveTraining() {}

    /** The launcher passes HPCENV_JAVA_OPTS to the JVM, and the training names the archive in it. */
    public static boolean isTraining(Map<String, String> env) {
        return env.getOrDefault("HPCENV_JAVA_OPTS", "").contains("ArchiveClassesAtExit");
    }

    public static void loadRarelyUsedClasses(Map<String, String> env, Path privateDir) {
        List<String> sub = List.of("training:100000:65536");
        UserMapping m = MappingPlanner.plan(new MappingPlanner.Inputs("training", 1000, 1000, sub, sub, true, true));
        UserNamespaceLauncher launcher = new UserNamespaceLauncher(m, env, null);
        launcher.wrap(
                new OciRuntime("runc", privateDir, m, PreservedFds.NONE)
                        .runCommand(privateDir, privateDir, privateDir, "training"),
                privateDir,
                privateDir);
        NamespaceGate.class.getName();
        JavaRuntimeProcess.class.getName();
        NativeSpawner.loadForClassArchive(privateDir);
    }
}
