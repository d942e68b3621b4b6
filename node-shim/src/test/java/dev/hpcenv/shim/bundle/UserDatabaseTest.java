package dev.hpcenv.shim.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.identity.UserMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserDatabaseTest {

    @Test
    void theJobUserComesFirstSoThatItsUidResolvesToItsName() {
        ContainerIdentity rootless =
                new ContainerIdentity(true, 1001, 1001, List.of(), "alice", "staff", "/home/alice");
        String passwd =
                UserDatabase.passwd(List.of("root:x:0:0:root:/root:/bin/sh", "alice:x:5:5::/old:/bin/sh"), rootless);
        assertThat(passwd.lines()).containsExactly("alice:x:0:0::/home/alice:/bin/sh", "root:x:0:0:root:/root:/bin/sh");
        assertThat(UserDatabase.group(List.of("root:x:0:"), rootless).lines())
                .containsExactly("staff:x:0:", "root:x:0:");
        ContainerIdentity own = new ContainerIdentity(
                true,
                1001,
                1002,
                List.of(),
                "alice",
                "staff",
                "/home/alice",
                new UserMapping(UserMapping.Mode.OWN_IDS, List.of(), List.of(), null));
        assertThat(UserDatabase.passwd(List.of("root:x:0:0:root:/root:/bin/sh"), own)
                        .lines())
                .containsExactly("alice:x:1001:1002::/home/alice:/bin/sh", "root:x:0:0:root:/root:/bin/sh");
        assertThat(UserDatabase.group(List.of("root:x:0:"), own).lines()).containsExactly("staff:x:1002:", "root:x:0:");
        ContainerIdentity root = new ContainerIdentity(false, 0, 0, List.of(), "root", "root", "/root");
        assertThat(UserDatabase.passwd(List.of("root:x:0:0:root:/root:/bin/sh"), root)
                        .lines())
                .containsExactly("root:x:0:0::/root:/bin/sh");
    }
}
