package dev.hpcenv.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeniedUsersTest {

    @ParameterizedTest
    @ValueSource(strings = {"root", "0", "00", "slurm", "munge", "daemon", "nobody", "bin", "12", ""})
    void theDefaultDeniesRootUidZeroAndSystemAccounts(String user) {
        assertThat(DeniedUsers.DEFAULT.refusal(user)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "hpcuser", "Root", "slurm-user", "u0"})
    void ordinaryUsersMayRunJobs(String user) {
        assertThat(DeniedUsers.DEFAULT.refusal(user)).isEmpty();
    }

    @Test
    void aConfiguredListReplacesTheDefaultButRootAndUidZeroStayDenied() {
        // When
        DeniedUsers denied = DeniedUsers.parse("svc-backup, ops\tguest");
        // Then
        assertThat(denied.refusal("svc-backup"))
                .hasValueSatisfying(why -> assertThat(why).contains(DeniedUsers.VARIABLE));
        assertThat(denied.refusal("guest")).isPresent();
        assertThat(denied.refusal("root")).isPresent();
        assertThat(denied.refusal("0")).isPresent();
        assertThat(denied.refusal("slurm")).isEmpty();
        assertThat(DeniedUsers.parse(" ")).isEqualTo(DeniedUsers.DEFAULT);
    }
}
