package dev.hpcenv.operator.logs.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * What the store knows of a job besides its output ({@code job.properties} in the job's directory):
 * which HpcJob it is and when it ended. Written whole (temporary file, then a rename), so a crash
 * leaves the old or the new one.
 */
record JobMeta(Optional<String> namespace, Optional<String> name, long namedAtMillis, OptionalLong endedAtMillis) {
    static final String FILE = "job.properties";
    static final JobMeta NONE = new JobMeta(Optional.empty(), Optional.empty(), 0, OptionalLong.empty());

    JobMeta named(String namespace, String name, long atMillis) {
        return new JobMeta(Optional.of(namespace), Optional.of(name), atMillis, endedAtMillis);
    }

    JobMeta ended(long atMillis) {
        return new JobMeta(namespace, name, namedAtMillis, OptionalLong.of(atMillis));
    }

    /** The meta of a job directory; {@link #NONE} when it has none or it cannot be read as one. */
    static JobMeta read(Path jobDir) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(jobDir.resolve(FILE))) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException | IllegalArgumentException e) {
            return NONE;
        }
        return new JobMeta(
                Optional.ofNullable(p.getProperty("namespace")),
                Optional.ofNullable(p.getProperty("name")),
                number(p.getProperty("namedAtMillis")).orElse(0),
                number(p.getProperty("endedAtMillis")));
    }

    void write(Path jobDir) throws IOException {
        Properties p = new Properties();
        namespace.ifPresent(v -> p.setProperty("namespace", v));
        name.ifPresent(v -> p.setProperty("name", v));
        p.setProperty("namedAtMillis", Long.toString(namedAtMillis));
        endedAtMillis.ifPresent(v -> p.setProperty("endedAtMillis", Long.toString(v)));
        Path tmp = Files.createTempFile(jobDir, ".job-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, null);
            }
            try {
                Files.move(tmp, jobDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, jobDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static OptionalLong number(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
