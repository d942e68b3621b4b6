package dev.hpcenv.shim.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's docker-registry on 127.0.0.1 (or another local address) with a free port and its own
 * storage, holding test images built with umoci from busybox-static.
 */
public final class TestRegistry implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final String host;
    private final int port;

    private TestRegistry(Process process, Path dir, String host, int port) {
        this.process = process;
        this.dir = dir;
        this.host = host;
        this.port = port;
    }

    public static TestRegistry start(Path dir) throws IOException, InterruptedException {
        return start(dir, "127.0.0.1");
    }

    /**
     * A registry listening on {@code host}: the nodes of the multi-node local Slurm reach the host
     * only at its bridge address (dev/slurm-local.sh env: HPCENV_SLURM_HOST_ADDR), not at 127.0.0.1.
     * The shim reaches it only when the site configuration lists {@link #address()} in
     * insecure_registries.
     */
    public static TestRegistry start(Path dir, String host) throws IOException, InterruptedException {
        TestLayer.requireIntegration("docker-registry");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("config.yml");
        Files.writeString(
                config,
                "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: " + dir.resolve("data")
                        + "\nhttp:\n  addr: " + host + ":" + port + "\n");
        Process p = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        TestRegistry r = new TestRegistry(p, dir, host, port);
        try {
            Processes.await("docker-registry on port " + port, Duration.ofSeconds(30), r::ready);
        } catch (AssertionError e) {
            r.close();
            throw new AssertionError(e.getMessage() + "\n" + Files.readString(dir.resolve("registry.log")));
        }
        return r;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError("docker-registry exited: " + log());
        }
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create("http://" + address() + "/v2/").toURL().openConnection();
            c.setConnectTimeout(500);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    public String address() {
        return host + ":" + port;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("registry.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Builds a busybox-static image (PATH, IMGVAR, FOO in its env; an entrypoint and cmd) with
     * umoci, optionally with extra files, and pushes it as {@code test/NAME:TAG}.
     */
    public String pushBusybox(Path work, String name, String tag, Path extraContent)
            throws IOException, InterruptedException {
        return push(work, name, tag, extraContent, 0, 0);
    }

    /**
     * The busybox image with {@code layers} more layers of {@code bytesPerLayer} random (so
     * incompressible) bytes each, in {@code /opt/data/layer-N.bin}: large enough that concurrent pulls
     * of it overlap.
     */
    public String pushLayered(Path work, String name, String tag, int layers, int bytesPerLayer)
            throws IOException, InterruptedException {
        return push(work, name, tag, null, layers, bytesPerLayer);
    }

    /** Where the access log starts now: {@link #blobGets(long)} counts from there. */
    public long logMark() throws IOException {
        return Files.size(dir.resolve("registry.log"));
    }

    /** Successful blob downloads (GET .../blobs/DIGEST, status 200) logged since {@code mark}, per digest. */
    public java.util.Map<String, Integer> blobGets(long mark) throws IOException {
        byte[] all = Files.readAllBytes(dir.resolve("registry.log"));
        String since = new String(all, (int) mark, all.length - (int) mark, java.nio.charset.StandardCharsets.UTF_8);
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        java.util.regex.Matcher m = BLOB_GET.matcher(since);
        while (m.find()) {
            counts.merge(m.group(1), 1, Integer::sum);
        }
        return counts;
    }

    /** One line of the registry's access log (combined format) for a blob downloaded in full. */
    private static final java.util.regex.Pattern BLOB_GET =
            java.util.regex.Pattern.compile("\"GET /v2/[^ ]+/blobs/(sha256:[0-9a-f]{64}) HTTP/[0-9.]+\" 200 ");

    private String push(Path work, String name, String tag, Path extraContent, int layers, int bytesPerLayer)
            throws IOException, InterruptedException {
        Path layout = work.resolve("oci-" + name + "-" + tag);
        Path bundle = work.resolve("bundle-" + name + "-" + tag);
        Processes.runOk(List.of("umoci", "init", "--layout", layout.toString()), null);
        Processes.runOk(List.of("umoci", "new", "--image", layout + ":img"), null);
        Processes.runOk(List.of("umoci", "unpack", "--image", layout + ":img", bundle.toString()), null);
        Path rootfs = bundle.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        for (String a : List.of(
                "sh", "true", "false", "echo", "cat", "id", "sleep", "env", "ls", "pwd", "touch", "test", "whoami",
                "mkdir", "grep", "kill", "stat")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(a), Path.of("busybox"));
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
        Files.createDirectories(rootfs.resolve("opt/data"));
        if (extraContent != null) {
            Processes.runOk(List.of("cp", "-a", extraContent + "/.", rootfs.toString()), null);
        }
        // --refresh-bundle: each later repack then holds only what changed since, one layer each.
        Processes.runOk(
                List.of("umoci", "repack", "--refresh-bundle", "--image", layout + ":img", bundle.toString()), null);
        java.util.Random random = new java.util.Random(name.hashCode() * 31L + tag.hashCode());
        for (int i = 0; i < layers; i++) {
            byte[] data = new byte[bytesPerLayer];
            random.nextBytes(data);
            Files.write(rootfs.resolve("opt/data/layer-" + i + ".bin"), data);
            Processes.runOk(
                    List.of("umoci", "repack", "--refresh-bundle", "--image", layout + ":img", bundle.toString()),
                    null);
        }
        Processes.runOk(
                List.of(
                        "umoci",
                        "config",
                        "--image",
                        layout + ":img",
                        "--config.env",
                        "PATH=/bin",
                        "--config.env",
                        "IMGVAR=fromimage",
                        "--config.env",
                        "FOO=fromimage",
                        "--config.entrypoint",
                        "/bin/echo",
                        "--config.entrypoint",
                        "entry",
                        "--config.cmd",
                        "default-cmd",
                        "--config.workingdir",
                        "/opt"),
                null);
        String ref = address() + "/test/" + name + ":" + tag;
        Processes.runOk(
                List.of(
                        "skopeo",
                        "copy",
                        "--quiet",
                        "--dest-tls-verify=false",
                        "oci:" + layout + ":img",
                        "docker://" + ref),
                null);
        return ref;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(
                    java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
