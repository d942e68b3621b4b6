package dev.hpcenv.operator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.operator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingAccessReviewerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final List<String> asked = new ArrayList<>();
    private boolean allow = true;
    private final CachingAccessReviewer reviewer = new CachingAccessReviewer(
            (user, namespace, name) -> {
                asked.add(user.name() + " " + namespace + "/" + name);
                if (name.equals("fails")) {
                    throw new IllegalStateException("API server unreachable");
                }
                return new AccessReviewer.Decision(allow, "");
            },
            clock);

    @Test
    void anAnswerIsKeptForTenSecondsAtMost() {
        RemoteUser alice = new RemoteUser("alice", List.of("b", "a"));
        assertThat(reviewer.review(alice, "ns", "job").allowed()).isTrue();
        allow = false;
        clock.advance(Duration.ofSeconds(9));
        assertThat(reviewer.review(new RemoteUser("alice", List.of("a", "b")), "ns", "job")
                        .allowed())
                .as("the same question within the TTL, groups in another order")
                .isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(reviewer.review(alice, "ns", "job").allowed())
                .as("asked again after 10 s")
                .isFalse();
        assertThat(asked).hasSize(2);
    }

    @Test
    void anotherUserGroupOrJobIsAnotherQuestion() {
        reviewer.review(new RemoteUser("alice", List.of()), "ns", "job");
        reviewer.review(new RemoteUser("alice", List.of("admins")), "ns", "job");
        reviewer.review(new RemoteUser("bob", List.of()), "ns", "job");
        reviewer.review(new RemoteUser("alice", List.of()), "other", "job");
        reviewer.review(new RemoteUser("alice", List.of()), "ns", "job2");

        assertThat(asked).hasSize(5);
    }

    @Test
    void errorsAreNotKept() {
        RemoteUser alice = new RemoteUser("alice", List.of());
        assertThatThrownBy(() -> reviewer.review(alice, "ns", "fails")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> reviewer.review(alice, "ns", "fails")).isInstanceOf(IllegalStateException.class);

        assertThat(asked).hasSize(2);
    }

    @Test
    void theCacheIsBounded() {
        for (int i = 0; i < CachingAccessReviewer.MAX_ENTRIES + 100; i++) {
            reviewer.review(new RemoteUser("user-" + i, List.of()), "ns", "job");
        }

        assertThat(reviewer.size()).isEqualTo(CachingAccessReviewer.MAX_ENTRIES);
    }
}
