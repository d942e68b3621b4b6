package dev.hpcenv.shim.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.support.Processes;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WatchdogTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "main class, options kept   | java -XX:+UseSerialGC -cp /c dev.hpcenv.shim.cli.ShimCli run --spec s -- true"
                        + " | java -XX:+UseSerialGC -cp /c dev.hpcenv.shim.cli.ShimCli",
                "launcher jar, archive dump dropped | java -Xshare:auto -XX:ArchiveClassesAtExit=/a.jsa -jar /l/shim.jar run"
                        + " | java -Xshare:auto -jar /l/shim.jar",
                "unknown form: java.home    | /opt/other run | /jdk/bin/java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp /c"
                        + " dev.hpcenv.shim.cli.ShimCli",
            })
    void theJanitorStartsAsTheShimDid(String why, String own, String expected) {
        assertThat(Watchdog.janitorCommand(List.of(own.split(" ")), "/jdk", "/c"))
                .containsExactly(expected.split(" "));
    }

    private Process watchdog(Path marker) throws Exception {
        return new ProcessBuilder("/bin/sh", "-c", Watchdog.SCRIPT, "sh", "touch", marker.toString()).start();
    }

    @Test
    void aShimThatGoesAwayWithoutSayingDoneGetsItsJanitor() throws Exception {
        Path marker = dir.resolve("janitor-ran");
        Process p = watchdog(marker);
        p.getOutputStream().close();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(marker).exists();
    }

    @Test
    void aShimThatSaysDoneLeavesNothingToDoAndSignalsDoNotTriggerIt() throws Exception {
        Path marker = dir.resolve("janitor-ran");
        Process p = watchdog(marker);
        Processes.await("the watchdog's trap", java.time.Duration.ofSeconds(10), () -> ignoresHupIntTerm(p.pid()));
        new ProcessBuilder("kill", "-s", "TERM", Long.toString(p.pid())).start().waitFor();
        new ProcessBuilder("kill", "-s", "INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(300, TimeUnit.MILLISECONDS))
                .as("SIGTERM/SIGINT go to the shim, not the watchdog")
                .isFalse();
        try (OutputStream in = p.getOutputStream()) {
            in.write("done\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(marker).doesNotExist();
    }

    /** SigIgn in /proc/PID/status has the bits of SIGHUP (1), SIGINT (2) and SIGTERM (15). */
    private static boolean ignoresHupIntTerm(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseLong(line.substring(7).strip(), 16);
                    return (mask & 0x4003) == 0x4003;
                }
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return false;
    }
}
