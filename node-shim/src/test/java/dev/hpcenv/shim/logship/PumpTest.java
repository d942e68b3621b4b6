package dev.hpcenv.shim.logship;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PumpTest {
    private final List<Integer> open = new ArrayList<>();

    private int[] pipe() {
        int[] fds = new int[2];
        Posix.pipe2(fds, Posix.O_CLOEXEC);
        open.add(fds[0]);
        open.add(fds[1]);
        return fds;
    }

    private void close(int fd) {
        Posix.close(fd);
        open.remove(Integer.valueOf(fd));
    }

    @AfterEach
    void closeAll() {
        for (int fd : open) {
            Posix.close(fd);
        }
    }

    private static void write(int fd, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(b.length);
        m.write(0, b, 0, b.length);
        assertThat(Posix.write(fd, m, b.length)).isEqualTo(b.length);
    }

    /** Reads what is there within 10 s (the pump copies it to the original first). */
    private static String read(int fd, int bytes) {
        Memory poll = new Memory(8);
        poll.setInt(0, fd);
        poll.setShort(4, Posix.POLLIN);
        poll.setShort(6, (short) 0);
        assertThat(Posix.poll(poll, 1, 10_000)).as("bytes in the original").isEqualTo(1);
        Memory m = new Memory(bytes);
        long n = Posix.read(fd, m, bytes);
        return new String(m.getByteArray(0, (int) n), StandardCharsets.UTF_8);
    }

    /**
     * A process the task left behind may hold the pipe open for ever: stopped, the pump ends (no
     * thread left in native code for the JVM's exit to wait for) after passing on what came.
     */
    @Test
    void aPumpWhosePipeAWriterStillHoldsEndsWhenStoppedAfterPassingOnWhatCame() throws Exception {
        int[] task = pipe();
        int[] original = pipe();
        int[] stop = pipe();
        RecordBuffer buffer = new RecordBuffer(1 << 20);
        Thread pump = new Thread(new Pump(task[0], original[1], stop[0], new LineSplitter(Records.STDOUT, buffer)));
        open.remove(Integer.valueOf(task[0]));
        pump.start();

        write(task[1], "left behind\n");
        assertThat(read(original[0], 64)).isEqualTo("left behind\n");
        close(stop[1]);
        pump.join(10_000);

        assertThat(pump.isAlive()).as("pump still running").isFalse();
        buffer.closeOutput();
        assertThat(WireRecords.parse(buffer.take(System.nanoTime())).texts()).containsExactly("1:left behind\n");
    }

    @Test
    void aPumpEndsAtThePipesEndWithAPartialLineFlushed() throws Exception {
        int[] task = pipe();
        int[] original = pipe();
        int[] stop = pipe();
        RecordBuffer buffer = new RecordBuffer(1 << 20);
        Thread pump = new Thread(new Pump(task[0], original[1], stop[0], new LineSplitter(Records.STDOUT, buffer)));
        open.remove(Integer.valueOf(task[0]));
        pump.start();

        write(task[1], "one\ntwo");
        close(task[1]);
        pump.join(10_000);

        assertThat(pump.isAlive()).as("pump still running").isFalse();
        assertThat(read(original[0], 64)).isEqualTo("one\ntwo");
        assertThat(WireRecords.parse(buffer.take(System.nanoTime())).texts()).containsExactly("1:one\n", "1:two");
    }
}
