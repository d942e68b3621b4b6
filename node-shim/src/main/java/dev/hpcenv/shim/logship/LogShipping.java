package dev.hpcenv.shim.logship;

import dev.hpcenv.shim.log.ProgressSink;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.spawn.NativeSpawner;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A task's output and progress on their way to the operator (docs/job-output.md, section 2):
 * stdout and stderr captured through pipes (the job's own file gets every byte first), progress
 * events from {@link ShimLog}, and at the end the exit code. Never at the job's expense: nothing
 * here waits for the endpoint except {@link #finish}, at most {@value #SEND_MILLIS} ms.
 */
public final class LogShipping {
    /** Shipping is off: every call does nothing. */
    public static final LogShipping NONE = new LogShipping(null, null, null);

    static final long DRAIN_MILLIS = 2_000;
    static final long SEND_MILLIS = 5_000;

    private final RecordBuffer buffer;
    private final StdioCapture capture;
    private final Thread sender;

    private LogShipping(RecordBuffer buffer, StdioCapture capture, Thread sender) {
        this.buffer = buffer;
        this.capture = capture;
        this.sender = sender;
    }

    /**
     * Starts capture (unless stdout is a terminal) and the sender, and installs the progress sink.
     * Anything that keeps it from starting is one warning; the job runs as without it.
     *
     * @param privateDir a directory only this user can write (JNA's native part is unpacked there)
     */
    public static LogShipping start(LogSettings settings, SenderId sender, Path privateDir) {
        return start(settings, sender, privateDir, true);
    }

    /**
     * Progress events and the end record only, nothing of stdout or stderr: the sender of a node's
     * service supervisor (docs/workflows.md, section 3), whose output is not the tasks'.
     */
    public static LogShipping startEvents(LogSettings settings, SenderId sender, Path privateDir) {
        return start(settings, sender, privateDir, false);
    }

    private static LogShipping start(LogSettings settings, SenderId sender, Path privateDir, boolean captureOutput) {
        RecordBuffer buffer = new RecordBuffer(settings.bufferBytes());
        Redaction redaction = new Redaction(settings.token());
        StdioCapture capture = null;
        try {
            // Only the descriptor swap must happen before the task starts; the rest waits for the sender thread.
            NativeSpawner.prepare(privateDir);
            if (captureOutput && !StdioCapture.stdoutIsTerminal()) {
                capture = StdioCapture.start(buffer);
            }
        } catch (RuntimeException | LinkageError e) {
            ShimLog.warn(
                    "log.capture",
                    "cannot capture the task's output for shipping (" + redaction.apply(String.valueOf(e))
                            + "); progress is shipped, output is not",
                    "error",
                    redaction.apply(String.valueOf(e)));
        }
        Thread thread = new Thread(sender(settings, sender, buffer, redaction), "hpcenv-log-sender");
        thread.setDaemon(true);
        thread.start();
        LogShipping shipping = new LogShipping(buffer, capture, thread);
        ShimLog.setProgressSink(shipping.sink());
        return shipping;
    }

    /**
     * The sender thread's work: the HTTP client (with HPCENV_LOG_CA, parsed here, off the task's
     * path), then the {@link Shipper}. A CA without a usable certificate is one warning; the
     * buffer then takes nothing more and the task runs as without shipping.
     */
    static Runnable sender(LogSettings settings, SenderId sender, RecordBuffer buffer, Redaction redaction) {
        return () -> {
            IngestClient client;
            try {
                client = new IngestClient(settings, sender);
            } catch (IllegalArgumentException e) {
                buffer.disable();
                ShimLog.warn(
                        "log.ca",
                        redaction.apply(e.getMessage()) + "; the task's output is not shipped",
                        "variable",
                        LogSettings.CA);
                return;
            }
            try {
                client.prepare();
            } catch (IOException e) {
                // The first post says what is wrong.
            }
            new Shipper(buffer, client, redaction).run();
        };
    }

    /** Every progress event as a record. */
    ProgressSink sink() {
        return (event, human, fields) ->
                buffer.progress(System.currentTimeMillis(), Records.progressPayload(event, human, fields));
    }

    /**
     * The task has ended with {@code exitCode} (its own or the shim's): gives stdout and stderr back,
     * drains the pipes (at most {@value #DRAIN_MILLIS} ms), sends the end record and gives the sender
     * at most {@value #SEND_MILLIS} ms to deliver.
     */
    public void finish(int exitCode) {
        if (buffer == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            if (capture != null) {
                capture.restoreAndDrain(DRAIN_MILLIS);
            }
            ShimLog.phase("log-drained");
            buffer.closeOutput();
            ShimLog.setProgressSink(ProgressSink.NONE);
            buffer.end(System.currentTimeMillis(), exitCode);
            sender.join(SEND_MILLIS);
            ShimLog.phase("log-sent");
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (RuntimeException e) {
            ShimLog.debug("log.finish", "error", String.valueOf(e));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
