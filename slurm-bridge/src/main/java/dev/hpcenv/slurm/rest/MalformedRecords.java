package dev.hpcenv.slurm.rest;

import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reports records slurmrestd sent that the bridge cannot use (a job without a usable id), once per
 * distinct problem: a listing runs every few seconds and the same bad record would otherwise be
 * reported on every one. The record is skipped; the rest of the answer is still used.
 */
final class MalformedRecords {

    private static final System.Logger LOG = System.getLogger("dev.hpcenv.slurm.rest.MalformedRecords");
    /** Remembered problems; the oldest is forgotten (and may be reported again) beyond this. */
    private static final int REMEMBERED = 1024;

    private final Consumer<String> sink;
    private final Set<String> reported = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    MalformedRecords() {
        this(message -> LOG.log(Level.WARNING, message));
    }

    MalformedRecords(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Reports {@code problem} unless it was reported before; true when it was reported now. */
    synchronized boolean report(String problem) {
        if (!reported.add(problem)) {
            return false;
        }
        sink.accept(problem);
        return true;
    }
}
