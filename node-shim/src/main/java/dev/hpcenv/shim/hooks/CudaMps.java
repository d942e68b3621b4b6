package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.HookStage;
import dev.hpcenv.shim.bundle.OciHook;
import dev.hpcenv.shim.bundle.OciMount;
import dev.hpcenv.shim.error.ShimException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CUDA MPS around the container: the site's MPS helper ({@code hooks.cuda_mps.mps_hook}, see
 * examples/site/libexec) starts {@code nvidia-cuda-mps-control -d} at createRuntime and stops it
 * at poststop. Daemon and container share a pipe and log directory private to this container
 * (bound at {@value #TARGET}), so two jobs on a node never share a daemon. The helper learns the
 * directories from its env, which the shim writes; nothing comes from the user.
 */
final class CudaMps implements HookPreparation {
    static final String TARGET = "/run/hpcenv/mps";

    @Override
    public void prepare(HookInput in, BundleDraft draft) throws IOException {
        String control = in.settings().setting("mps_control").orElse("/usr/bin/nvidia-cuda-mps-control");
        String helper = in.settings().setting("mps_hook").orElse("/usr/libexec/hpcenv/hpcenv-cuda-mps");
        for (String exe : List.of(control, helper)) {
            if (!Files.isExecutable(Path.of(exe))) {
                throw ShimException.environment(
                        "CUDA MPS was requested but " + exe + " is not on this node",
                        "run on a GPU node with the NVIDIA driver utilities, or set " + in.switchAnnotation()
                                + " = \"false\"");
            }
        }
        Path dir = Files.createDirectories(in.workDir().resolve("mps"));
        Files.createDirectories(dir.resolve("pipe"));
        Files.createDirectories(dir.resolve("log"));
        draft.mounts.add(OciMount.bind(dir.toString(), TARGET, List.of("rbind", "nosuid", "nodev")));
        draft.env.put("CUDA_MPS_PIPE_DIRECTORY", TARGET + "/pipe");
        draft.env.put("CUDA_MPS_LOG_DIRECTORY", TARGET + "/log");
        List<String> env = List.of(
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "MPS_CONTROL=" + control,
                "CUDA_MPS_PIPE_DIRECTORY=" + dir.resolve("pipe"),
                "CUDA_MPS_LOG_DIRECTORY=" + dir.resolve("log"));
        draft.addHook(
                HookStage.createRuntime,
                new OciHook(helper, List.of("hpcenv-cuda-mps", "start"), env, in.timeoutSeconds()));
        draft.addHook(
                HookStage.poststop, new OciHook(helper, List.of("hpcenv-cuda-mps", "stop"), env, in.timeoutSeconds()));
    }
}
