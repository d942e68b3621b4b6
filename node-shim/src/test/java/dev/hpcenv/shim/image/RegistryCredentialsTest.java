package dev.hpcenv.shim.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {
    @TempDir
    Path dir;

    private static final String NETRC = """
            # enroot .credentials
            machine nvcr.io login $oauthtoken password s3cret-nv
            machine registry.example:5000
              login alice
              password s3cret-a
            machine registry.example:5000 login bob password s3cret-b
            default login anon password s3cret-d
            """;

    @Test
    void findsTheEntryForHostPortUserOrTheDefault() {
        RegistryCredentials c = RegistryCredentials.parse(NETRC);
        assertThat(c.find("nvcr.io", null).orElseThrow().password()).isEqualTo("s3cret-nv");
        assertThat(c.find("registry.example:5000", null).orElseThrow().login()).isEqualTo("alice");
        assertThat(c.find("registry.example:5000", "bob").orElseThrow().password())
                .isEqualTo("s3cret-b");
        assertThat(c.find("other.io", null).orElseThrow().login()).isEqualTo("anon");
    }

    @Test
    void passwordsNeverAppearInStringsAndTheAuthFileIsPrivate() throws Exception {
        RegistryCredentials.Entry e =
                RegistryCredentials.parse(NETRC).find("nvcr.io", null).orElseThrow();
        assertThat(e.toString()).doesNotContain("s3cret");
        Path auth = RegistryCredentials.writeAuthFile(dir, "nvcr.io", e);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(auth)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(auth)).contains("\"nvcr.io\"").doesNotContain("s3cret");
    }
}
