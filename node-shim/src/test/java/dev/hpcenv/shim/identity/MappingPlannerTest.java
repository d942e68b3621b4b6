package dev.hpcenv.shim.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MappingPlannerTest {
    private static UserMapping plan(List<String> subuid, List<String> subgid, boolean tools, boolean allowOther) {
        return MappingPlanner.plan(new MappingPlanner.Inputs("alice", 1001, 1002, subuid, subgid, tools, allowOther));
    }

    @Test
    void mapsTheUsersOwnIdsToThemselvesAndTheRestToTheSubordinateRange() {
        UserMapping m =
                plan(List.of("bob:300000:65536", "alice:100000:65536"), List.of("alice:200000:65536"), true, true);
        assertThat(m.mode()).isEqualTo(UserMapping.Mode.OWN_IDS);
        assertThat(m.uids())
                .containsExactly(
                        new IdRange(0, 100000, 1001), new IdRange(1001, 1001, 1), new IdRange(1002, 101001, 64535));
        assertThat(m.gids())
                .containsExactly(
                        new IdRange(0, 200000, 1002), new IdRange(1002, 1002, 1), new IdRange(1003, 201002, 64534));
        assertThat(m.fallback()).isNull();
    }

    @Test
    void findsTheRangeByNumericUidToo() {
        // Both files are keyed by the user (name or uid), never by the gid.
        UserMapping m = plan(List.of("# comment", "1001:100000:65536"), List.of("1001:100000:65536"), true, true);
        assertThat(m.mode()).isEqualTo(UserMapping.Mode.OWN_IDS);
        assertThat(m.uids()).first().isEqualTo(new IdRange(0, 100000, 1001));
    }

    @Test
    void aRangeSmallerThanTheUidMapsWhatItCanBelowIt() {
        UserMapping m = plan(List.of("alice:100000:10"), List.of("alice:100000:10"), true, true);
        assertThat(m.uids()).containsExactly(new IdRange(0, 100000, 10), new IdRange(1001, 1001, 1));
    }

    @Test
    void fallsBackWithTheReason() {
        assertThat(plan(List.of(), List.of("alice:100000:65536"), true, true))
                .isEqualTo(UserMapping.rootIsUser("no subordinate range for alice in /etc/subuid"));
        assertThat(plan(List.of("alice:100000:65536"), List.of("bob:1:2"), true, true)
                        .fallback())
                .isEqualTo("no subordinate range for alice in /etc/subgid");
        assertThat(plan(List.of("alice:100000:0"), List.of("alice:100000:65536"), true, true)
                        .fallback())
                .contains("is empty");
        assertThat(plan(List.of("alice:1000:65536"), List.of("alice:100000:65536"), true, true)
                        .fallback())
                .contains("contains the user's own id 1001");
        assertThat(plan(List.of("alice:x:65536"), List.of("alice:100000:65536"), true, true)
                        .fallback())
                .contains("no subordinate range");
        assertThat(plan(List.of("alice:100000:65536"), List.of("alice:100000:65536"), false, true)
                        .fallback())
                .contains("newuidmap");
        assertThat(plan(List.of("alice:100000:65536"), List.of("alice:100000:65536"), true, false)
                        .fallback())
                .contains("user_allow_other");
    }

    @Test
    void fuseConfNeedsAnUncommentedUserAllowOther() {
        assertThat(MappingProbe.fuseAllowsOther(List.of("#user_allow_other", "mount_max = 1000")))
                .isFalse();
        assertThat(MappingProbe.fuseAllowsOther(List.of("# x", "  user_allow_other  ")))
                .isTrue();
    }

    @Test
    void rootNeedsNoMapping() {
        assertThat(MappingProbe.probe("root", 0, 0, java.util.Map.of()).mode()).isEqualTo(UserMapping.Mode.HOST);
    }
}
