package dev.hpcenv.shim.hooks;

/**
 * The shim's own work for the hooks it knows by name (the names of examples/site/hooks.d). Any
 * other hooks.d file is an OCI hook only, plus its site settings (binds, env, libraries).
 */
final class HookPreparations {
    private HookPreparations() {}

    static HookPreparation forName(String name) {
        return switch (name) {
            case "mpi" -> new MpiAbiCheck();
            case "aws_ofi_nccl" -> new OfiNcclVariant();
            case "ssh" -> new SshServer();
            case "slurm" -> new SlurmConfPassthrough();
            case "pmix" -> new PmixDirectories();
            case "nvidia" -> new GpuAccess();
            case "cuda_mps" -> new CudaMps();
            default -> HookPreparation.NONE;
        };
    }
}
