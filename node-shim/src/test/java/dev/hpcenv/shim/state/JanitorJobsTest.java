package dev.hpcenv.shim.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.mount.Mounter;
import dev.hpcenv.shim.runtime.OciRuntime;
import dev.hpcenv.shim.services.JobDirectory;
import dev.hpcenv.shim.services.ServiceRecord;
import dev.hpcenv.shim.support.RecordingRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The janitor's share of services: the job directory of a supervisor that was killed goes. */
class JanitorJobsTest {
    private static final Mounter NO_MOUNTS = new Mounter() {
        @Override
        public void mountSquashfs(Path image, Path target) {}

        @Override
        public void mountOverlay(Path lower, Path upper, Path work, Path target, int uid, int gid) {}

        @Override
        public boolean unmount(Path target) {
            return true;
        }
    };

    @Test
    void aDeadSupervisorsJobDirectoryIsRemovedALiveOnesIsKept(@TempDir Path tmp) throws Exception {
        RuntimeDirs dirs =
                RuntimeDirs.forUser(tmp, ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue());
        dirs.create();
        JobDirectory live = new JobDirectory(dirs, "10");
        live.claim(OwnerId.current());
        live.record("s", ServiceRecord.ready(1));
        JobDirectory dead = new JobDirectory(dirs, "11_2");
        dead.claim(new OwnerId(1, 1));
        Path fresh = Files.createDirectories(dirs.root().resolve("jobs/12/services"));

        new Janitor(
                        dirs,
                        tmp.resolve("scratch"),
                        new OciRuntime("runc", dirs.runtimeState()),
                        NO_MOUNTS,
                        RecordingRunner.succeeding())
                .sweep();

        assertThat(live.path()).isDirectory();
        assertThat(live.read("s")).contains(ServiceRecord.ready(1));
        assertThat(dead.path()).doesNotExist();
        assertThat(fresh).as("being claimed: no supervisor named yet").isDirectory();
    }
}
