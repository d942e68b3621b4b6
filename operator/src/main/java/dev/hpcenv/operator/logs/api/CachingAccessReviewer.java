package dev.hpcenv.operator.logs.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps each answer of another {@link AccessReviewer} for at most {@link #TTL}, for at most
 * {@link #MAX_ENTRIES} questions (the least recently asked go first): a follow that reconnects, or
 * kubectl's retries, do not each cost a SubjectAccessReview, and a revoked right stops working within
 * the TTL. Errors are never kept.
 */
final class CachingAccessReviewer implements AccessReviewer {

    static final Duration TTL = Duration.ofSeconds(10);
    static final int MAX_ENTRIES = 4096;

    private record Question(String user, List<String> groups, String namespace, String name) {}

    private record Answer(Decision decision, Instant until) {}

    private final AccessReviewer delegate;
    private final Clock clock;
    private final Map<Question, Answer> answers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Question, Answer> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    CachingAccessReviewer(AccessReviewer delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public Decision review(RemoteUser user, String namespace, String name) {
        // Groups sorted: the same user in the same groups is the same question, whatever the header order.
        Question question = new Question(
                user.name(), user.groups().stream().sorted().distinct().toList(), namespace, name);
        Instant now = clock.instant();
        synchronized (answers) {
            Answer answer = answers.get(question);
            if (answer != null && now.isBefore(answer.until())) {
                return answer.decision();
            }
        }
        Decision decision = delegate.review(user, namespace, name);
        synchronized (answers) {
            answers.put(question, new Answer(decision, now.plus(TTL)));
        }
        return decision;
    }

    int size() {
        synchronized (answers) {
            return answers.size();
        }
    }
}
