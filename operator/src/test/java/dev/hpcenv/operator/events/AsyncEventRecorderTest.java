package dev.hpcenv.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsyncEventRecorderTest {

    private final HasMetadata about = new ConfigMapBuilder()
            .withNewMetadata()
            .withName("x")
            .withNamespace("ns")
            .endMetadata()
            .build();

    @Test
    void recordReturnsBeforeTheSlowWriteAndCloseDeliversWhatIsQueued() throws Exception {
        // Given
        CountDownLatch release = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        AsyncEventRecorder events = new AsyncEventRecorder(
                (a, type, reason, message) -> {
                    await(release);
                    written.add(reason);
                },
                10);

        // When
        events.record(about, EventRecorder.Type.Normal, "Submitted", "one");
        events.record(about, EventRecorder.Type.Warning, "Failed", "two");

        // Then
        assertThat(written).isEmpty();
        release.countDown();
        events.close();
        assertThat(written).containsExactly("Submitted", "Failed");
    }

    @Test
    void aFullQueueDropsEventsInsteadOfBlockingTheCaller() {
        // Given
        CountDownLatch release = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        AsyncEventRecorder events = new AsyncEventRecorder(
                (a, type, reason, message) -> {
                    await(release);
                    written.add(message);
                },
                1);

        // When: one event is being written, one waits in the queue, the rest find it full
        for (int i = 0; i < 5; i++) {
            events.record(about, EventRecorder.Type.Normal, "R", "m" + i);
        }

        // Then
        release.countDown();
        events.close();
        assertThat(written).hasSizeBetween(1, 2).allMatch(m -> m.equals("m0") || m.equals("m1"));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
