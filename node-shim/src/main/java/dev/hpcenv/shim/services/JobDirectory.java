package dev.hpcenv.shim.services;

import dev.hpcenv.shim.state.OwnerId;
import dev.hpcenv.shim.state.RuntimeDirs;
import dev.hpcenv.shim.state.TreeRemover;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The node's directory of one job, {@code RUNTIME_DIR/hpcenv-shim-UID/jobs/JOBID[_INDEX]/}: the
 * supervisor's owner id ({@value #SUPERVISOR_FILE}, so that the janitor removes the directory of
 * a supervisor that was killed) and {@code services/NAME}, one {@link ServiceRecord} per service,
 * which the node's tasks read. Records are replaced whole (written beside, then renamed), so a
 * reader never sees half of one.
 */
public final class JobDirectory {
    public static final String JOBS = "jobs";
    public static final String SUPERVISOR_FILE = "supervisor";
    private final Path dir;

    public JobDirectory(RuntimeDirs dirs, String jobId) {
        this.dir = dirs.root().resolve(JOBS).resolve(jobId);
    }

    public Path path() {
        return dir;
    }

    /** Starts the records of a supervisor: what an earlier run of the job left is gone. */
    public void claim(OwnerId supervisor) throws IOException {
        TreeRemover.remove(dir.resolve("services"));
        Files.createDirectories(dir.resolve("services"));
        replace(dir.resolve(SUPERVISOR_FILE), supervisor.toString());
    }

    public void record(String service, ServiceRecord r) throws IOException {
        replace(dir.resolve("services").resolve(service), r.text());
    }

    /** The record of {@code service}, if there is one yet. */
    public Optional<ServiceRecord> read(String service) {
        try {
            return Optional.ofNullable(
                    ServiceRecord.parse(Files.readString(dir.resolve("services").resolve(service))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void remove() throws IOException {
        TreeRemover.remove(dir);
    }

    private static void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
