package dev.hpcenv.shim.logship;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromAHundredMillisecondsToFiveSecondsAndStartsOverAfterADelivery() {
        Backoff b = new Backoff();
        List<Long> pauses = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            pauses.add(b.next());
        }
        assertThat(pauses).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
        b.reset();
        assertThat(b.next()).isEqualTo(100L);
    }
}
