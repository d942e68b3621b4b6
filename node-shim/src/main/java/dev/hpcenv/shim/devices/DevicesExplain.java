package dev.hpcenv.shim.devices;

import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.shim.config.SiteConfig;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.json.LightJson;
import dev.hpcenv.shim.spec.EnvironmentSource;
import dev.hpcenv.shim.spec.PendingEnvironment;
import dev.hpcenv.shim.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code devices} part of {@code hpcenv-shim hooks}: per entry of the environment's
 * {@code devices}, where it was written and what it resolves to on this node (the devices, their
 * nodes, mounts, env and hooks), or the one-line error a run would stop with. Added as a
 * {@code devices} member (and {@code cdiProblems}, the spec files that cannot be used) to the
 * hooks answer.
 */
public final class DevicesExplain {
    private final SiteConfig config;
    private final Map<String, String> processEnv;
    private final Path workingDirectory;

    public DevicesExplain(SiteConfig config, Map<String, String> processEnv, Path workingDirectory) {
        this.config = config;
        this.processEnv = processEnv;
        this.workingDirectory = workingDirectory;
    }

    /** {@code hooksJson} (one JSON object) with {@code devices} and {@code cdiProblems} added. */
    @SuppressWarnings("unchecked")
    public String addTo(String hooksJson, EnvironmentSource source) {
        Map<String, Object> answer;
        try {
            answer = (Map<String, Object>) LightJson.parse(hooksJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PendingEnvironment pending = new SpecLoader(processEnv, workingDirectory).loadPending(source);
        ResolvedEnvironment env = pending.rest(Map.of(), pending.image());
        List<DeviceRequest> requests =
                ContainerDevices.requests(env.getDevices(), pending.deviceOrigins(), "the environment");
        DeviceResolver resolver = ContainerDevices.resolver(config);
        List<Object> devices = new ArrayList<>();
        for (DeviceRequest r : requests) {
            devices.add(explain(resolver, r));
        }
        answer.put("devices", devices);
        if (requests.stream().anyMatch(r -> CdiName.looksLikeCdi(r.entry().strip()))) {
            answer.put("cdiProblems", new ArrayList<Object>(resolver.registry().problems()));
        }
        return render(answer);
    }

    private static Map<String, Object> explain(DeviceResolver resolver, DeviceRequest r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entry", r.entry());
        out.put("from", r.where());
        try {
            DevicePlan plan = resolver.resolve(List.of(r));
            out.put("resolvesTo", new ArrayList<Object>(plan.entries().get(0).resolvesTo()));
            List<Object> nodes = new ArrayList<>();
            List<Object> mounts = new ArrayList<>();
            List<Object> env = new ArrayList<>();
            List<Object> hooks = new ArrayList<>();
            for (DevicePlan.Edits e : plan.edits()) {
                e.edits()
                        .deviceNodes()
                        .forEach(n -> nodes.add(n.host().equals(n.path()) ? n.path() : n.host() + " -> " + n.path()));
                e.edits().mounts().forEach(m -> mounts.add(m.hostPath() + " -> " + m.containerPath()));
                env.addAll(e.edits().env());
                e.edits().hooks().forEach(h -> hooks.add(h.hookName() + " " + h.path()));
            }
            out.put("deviceNodes", nodes);
            out.put("mounts", mounts);
            out.put("env", env);
            out.put("hooks", hooks);
        } catch (ShimException e) {
            out.put("error", e.oneLine());
        }
        return out;
    }

    private static String render(Object value) {
        return LightJson.writePretty(value);
    }
}
