package dev.hpcenv.slurm.real;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Starts the project's multi-node local Slurm (dev/slurm-nodes.sh start: 3 nodes in namespaces,
 * beside the default one-node instance) and injects {@link LocalCluster}; prints the daemon logs
 * when a test fails. The start is a no-op when every node is up; it runs again before each test
 * class, so a node that an earlier class left down comes back.
 */
public final class LocalClusterExtension implements BeforeAllCallback, ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LocalClusterExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        LocalSlurmExtension.requireIntegrationLayer(
                context.getRequiredTestClass(), "the multi-node local Slurm (LocalClusterExtension)");
        if (context.getStore(NS).get(LocalCluster.class, LocalCluster.class) == null) {
            context.getStore(NS).put(LocalCluster.class, start());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // A per-class test instance is constructed before beforeAll runs: start the cluster here then.
        LocalSlurmExtension.requireIntegrationLayer(
                context.getRequiredTestClass(), "the multi-node local Slurm (LocalClusterExtension)");
        return context.getStore(NS).computeIfAbsent(LocalCluster.class, key -> start(), LocalCluster.class);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Path root = LocalSlurmExtension.repoRoot();
        String logs = LocalSlurmExtension.script(root, LocalCluster.SCRIPT, List.of("logs"))
                .output();
        System.out.println(
                "===== multi-node local Slurm logs after failure of " + context.getDisplayName() + "\n" + logs);
    }

    private static LocalCluster start() {
        Path root = LocalSlurmExtension.repoRoot();
        if (LocalSlurmExtension.script(root, LocalCluster.SCRIPT, List.of("status"))
                        .exit()
                != 0) {
            Assumptions.assumeTrue(
                    LocalSlurmExtension.isRoot(),
                    "the multi-node local Slurm is not running and starting it needs root:"
                            + " run dev/slurm-nodes.sh start as root first");
            LocalSlurmExtension.Result started =
                    LocalSlurmExtension.script(root, LocalCluster.SCRIPT, List.of("start"));
            if (started.exit() != 0) {
                throw new IllegalStateException(
                        LocalCluster.SCRIPT + " start failed (exit " + started.exit() + "):\n" + started.output());
            }
        }
        LocalSlurmExtension.Result env = LocalSlurmExtension.script(root, LocalCluster.SCRIPT, List.of("env"));
        return LocalCluster.fromEnv(root, LocalSlurmExtension.parseEnv(env.output()), java.util.Map.of());
    }
}
