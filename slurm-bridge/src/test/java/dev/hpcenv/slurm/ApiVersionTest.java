package dev.hpcenv.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiVersionTest {

    @Test
    void parsesWithOrWithoutTheLeadingV() {
        assertThat(ApiVersion.parseChoice("v0.0.40")).contains(ApiVersion.V0_0_40);
        assertThat(ApiVersion.parseChoice("0.0.43")).contains(ApiVersion.V0_0_43);
        assertThat(ApiVersion.parseChoice("auto")).isEqualTo(Optional.empty());
    }

    @Test
    void unknownVersionListsTheChoices() {
        assertThatThrownBy(() -> ApiVersion.parseChoice("v0.0.37"))
                .hasMessageContaining("v0.0.37")
                .hasMessageContaining("v0.0.38, v0.0.39");
    }
}
