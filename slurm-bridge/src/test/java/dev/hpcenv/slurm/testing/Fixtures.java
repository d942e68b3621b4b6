package dev.hpcenv.slurm.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;

/** The slurmrestd answers in src/test/resources/fixtures (see the README there for their sources). */
public final class Fixtures {

    private Fixtures() {}

    /** The text of {@code fixtures/<version>/<name>.json}. */
    public static String read(String version, String name) {
        String resource = "/fixtures/" + version + "/" + name + ".json";
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    public static MockResponse fixture(int code, String version, String name) {
        return json(code, read(version, name));
    }

    /** slurmrestd's plain-text answers (401, unknown path 404, 405, 415, parse 400). */
    public static MockResponse text(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "text/plain")
                .body(body)
                .build();
    }
}
