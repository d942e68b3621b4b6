package dev.hpcenv.shim.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoginVariablesTest {
    private static final LoginVariables.Account ALICE = new LoginVariables.Account(
            Optional.of("alice"), Optional.of("/users/alice"), () -> Optional.of("/bin/bash"));

    @Test
    void aJobWithoutASessionGetsTheAccountsLoginVariables() {
        assertThat(LoginVariables.complete(Map.of("SLURM_JOB_ID", "7"), ALICE))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "SLURM_JOB_ID",
                        "7",
                        "HOME",
                        "/users/alice",
                        "USER",
                        "alice",
                        "LOGNAME",
                        "alice",
                        "SHELL",
                        "/bin/bash"));
    }

    @Test
    void theJobsOwnValuesWinAndEmptyOnesAreMissing() {
        AtomicInteger shellLookups = new AtomicInteger();
        LoginVariables.Account counting =
                new LoginVariables.Account(Optional.of("alice"), Optional.of("/users/alice"), () -> {
                    shellLookups.incrementAndGet();
                    return Optional.of("/bin/bash");
                });
        Map<String, String> env =
                LoginVariables.complete(Map.of("HOME", "/elsewhere", "USER", "", "SHELL", "/bin/zsh"), counting);
        assertThat(env)
                .containsEntry("HOME", "/elsewhere")
                .containsEntry("USER", "alice")
                .containsEntry("SHELL", "/bin/zsh");
        assertThat(shellLookups).as("no lookup when the job has a SHELL").hasValue(0);
    }

    @Test
    void anUnknownAccountDefinesNothing() {
        LoginVariables.Account none = new LoginVariables.Account(Optional.empty(), Optional.empty(), Optional::empty);
        assertThat(LoginVariables.complete(Map.of("A", "b"), none)).containsExactly(Map.entry("A", "b"));
    }

    @Test
    void siteVariablesFillOnlyWhatTheJobLacks() {
        Map<String, String> env = LoginVariables.withSiteVariables(
                Map.of("PROJECT", "/mine", "EMPTY", ""),
                Map.of("SCRATCH", "/scratch/alice", "PROJECT", "/site", "EMPTY", "/site/empty"));
        assertThat(env)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("SCRATCH", "/scratch/alice", "PROJECT", "/mine", "EMPTY", "/site/empty"));
    }

    @Test
    void siteVariablesMayUseExactlyTheVariablesALoginDefines() {
        // SiteConfigLoader checks site variables against NAMES; a variable complete() learns must be usable there too.
        assertThat(LoginVariables.NAMES)
                .containsExactlyInAnyOrderElementsOf(
                        LoginVariables.complete(Map.of(), ALICE).keySet());
    }
}
