package dev.hpcenv.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The release table against SchedMD's RELEASE_NOTES(.md) at each release's first tag. */
class SlurmReleasesTest {

    @ParameterizedTest(name = "Slurm {0} on {1}: {2}")
    @CsvSource({
        // release, version in use, deprecation line or empty
        "26.05.0, v0.0.42, 'Slurm 26.05 deprecates v0.0.42, removed in 26.11; use v0.0.45 (or auto-detection) before upgrading'",
        "26.05.3, v0.0.45, ''",
        "25.11.7, v0.0.41, 'Slurm 25.11 deprecates v0.0.41, removed in 26.05; use v0.0.44 (or auto-detection) before upgrading'",
        "25.11.0, v0.0.43, ''",
        "25.05.4, v0.0.40, 'Slurm 25.05 deprecates v0.0.40, removed in 25.11; use v0.0.43 (or auto-detection) before upgrading'",
        "24.05.3, v0.0.39, 'Slurm 24.05 deprecates v0.0.39, removed in 24.11; use v0.0.41 (or auto-detection) before upgrading'",
        "23.11.10, v0.0.38, 'Slurm 23.11 deprecates v0.0.38, removed in 24.05; use v0.0.40 (or auto-detection) before upgrading'",
        "22.05.8, v0.0.38, ''",
        "24.11.5, v0.0.40, ''",
        "27.05.0, v0.0.43, ''",
    })
    void eachReleaseDeprecatesTheVersionItsReleaseNotesName(String release, String api, String expected) {
        assertThat(SlurmReleases.deprecation(release, api).orElse("")).isEqualTo(expected);
    }

    @Test
    void deprecationNeedsAKnownReleaseLine() {
        assertThat(SlurmReleases.deprecation(null, "v0.0.42")).isEmpty();
        assertThat(SlurmReleases.deprecation("unknown", "v0.0.42")).isEmpty();
        assertThat(SlurmReleases.deprecation("26.5.0", "v0.0.42")).isPresent(); // "26.5" is the 26.05 line
    }

    @Test
    void theServedVersionsAreOldestFirstAndMayBeOnesThisClientDoesNotKnow() {
        assertThat(SlurmReleases.served("22.05.8")).containsExactly("v0.0.36", "v0.0.37", "v0.0.38");
        assertThat(SlurmReleases.served("25.11.0")).containsExactly("v0.0.41", "v0.0.42", "v0.0.43", "v0.0.44");
        assertThat(SlurmReleases.served("26.05.1")).containsExactly("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45");
        assertThat(SlurmReleases.served("21.08.8")).isEmpty();
    }

    @Test
    void onlySlurmrestdOf2605AndLaterHasReadyz() {
        for (String old : List.of("22.05.8", "23.11.10", "24.11.5", "25.05.4", "25.11.7")) {
            assertThat(SlurmReleases.hasProbeEndpoints(old)).as(old).isFalse();
        }
        assertThat(SlurmReleases.hasProbeEndpoints("26.05.0")).isTrue();
        assertThat(SlurmReleases.hasProbeEndpoints("26.11.0")).isTrue();
        assertThat(SlurmReleases.hasProbeEndpoints(null)).isFalse();
    }

    @Test
    void thePingAndVersionRecordsCarryTheDeprecation() {
        PingResult ping =
                new PingResult(List.of(new ControllerPing("c", true, "primary")), "26.05.0", ApiVersion.V0_0_42);
        assertThat(ping.deprecation())
                .hasValueSatisfying(d -> assertThat(d).startsWith("Slurm 26.05 deprecates v0.0.42"));
        assertThat(ping.offeredVersions()).isEmpty();
        assertThat(ping.apiPath()).isEqualTo("v0.0.42");
        assertThat(ping.readiness()).isEqualTo(PingResult.Readiness.NOT_SERVED);
        assertThat(ping.reachable()).isTrue();
        assertThat(ping.version().deprecation()).isEqualTo(ping.deprecation());
    }
}
