package dev.hpcenv.operator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterJobSyncTest {

    @Test
    void backsOffByDoublingUpToFiveMinutes() {
        Duration interval = Duration.ofSeconds(10);
        assertThat(ClusterJobSync.backoff(interval, 1)).isEqualTo(Duration.ofSeconds(20));
        assertThat(ClusterJobSync.backoff(interval, 3)).isEqualTo(Duration.ofSeconds(80));
        assertThat(ClusterJobSync.backoff(interval, 30)).isEqualTo(ClusterJobSync.MAX_BACKOFF);
    }
}
