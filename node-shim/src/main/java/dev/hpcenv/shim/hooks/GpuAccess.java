package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.HookStage;
import dev.hpcenv.shim.bundle.OciHook;
import dev.hpcenv.shim.config.DeviceSiteConfig;
import dev.hpcenv.shim.devices.DeviceEdits;
import dev.hpcenv.shim.devices.DevicePolicy;
import dev.hpcenv.shim.devices.DeviceRequest;
import dev.hpcenv.shim.devices.DeviceResolver;
import dev.hpcenv.shim.error.ShimException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GPU access as at CSCS: only when {@code NVIDIA_VISIBLE_DEVICES} is set and not {@code void} or
 * {@code none}. A CDI specification of kind {@code nvidia.com/gpu} from {@code nvidia-ctk cdi generate}
 * (in {@code hooks.nvidia.cdi_dir}, else the CDI default directories) is applied by the shim as the
 * environment's {@code devices} are (dev.hpcenv.shim.devices); without one, the legacy
 * {@code nvidia-container-runtime-hook prestart} ({@code hooks.nvidia.runtime_hook}) does the work
 * through nvidia-container-cli. A node with
 * neither gets a clear message instead of a container without its GPUs.
 */
final class GpuAccess implements HookPreparation {
    static final String VISIBLE = "NVIDIA_VISIBLE_DEVICES";
    private static final String KIND = "nvidia.com/gpu";

    @Override
    public Optional<String> skipReason(Map<String, String> containerEnv, Map<String, String> processEnv) {
        String v = containerEnv.get(VISIBLE);
        if (v == null || v.isBlank() || v.equals("void") || v.equals("none")) {
            return Optional.of(VISIBLE + " is " + (v == null ? "unset" : "\"" + v + "\""));
        }
        return Optional.empty();
    }

    @Override
    public void prepare(HookInput in, BundleDraft draft) throws IOException {
        // One CDI reader for the devices key and for GPUs: hooks.nvidia.cdi_dir, else the CDI defaults.
        List<Path> dirs = in.settings()
                .setting("cdi_dir")
                .map(d -> List.of(Path.of(d)))
                .orElse(DeviceSiteConfig.DEFAULT_SPEC_DIRS);
        String requested = draft.env.get(VISIBLE);
        DeviceResolver cdi = new DeviceResolver(dirs, DevicePolicy.DEFAULT);
        if (cdi.registry().kinds().contains(KIND)) {
            List<DeviceRequest> gpus = new ArrayList<>();
            for (String gpu : requested.split(",")) {
                gpus.add(new DeviceRequest(KIND + "=" + gpu.strip(), VISIBLE + "=" + requested));
            }
            new DeviceEdits(in.timeoutSeconds()).apply(cdi.resolve(gpus), draft);
            return;
        }
        String cdiDir = dirs.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", "));
        String hook = in.settings().setting("runtime_hook").orElse("/usr/bin/nvidia-container-runtime-hook");
        if (!Files.isExecutable(Path.of(hook))) {
            throw ShimException.environment(
                    "GPU access was requested (" + VISIBLE + "=" + requested + ") but this node has"
                            + " neither a CDI specification for nvidia in " + cdiDir + " nor " + hook,
                    "run on a GPU node, or unset " + VISIBLE + " (or set it to void) in the environment");
        }
        // The legacy toolkit hook reads NVIDIA_* from config.json and mounts driver and devices itself.
        draft.addHook(
                HookStage.createRuntime,
                new OciHook(
                        hook,
                        List.of("nvidia-container-runtime-hook", "prestart"),
                        List.of("PATH=" + Path.of(hook).getParent() + ":/usr/sbin:/usr/bin:/sbin:/bin"),
                        in.timeoutSeconds()));
    }
}
