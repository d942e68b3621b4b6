package dev.hpcenv.shim.logship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.support.CapturedStderr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ShipperTest {
    private static final String TOKEN = "hl1.am9iLXVpZA.c2VjcmV0LXNpZ25hdHVyZQ";

    @RegisterExtension
    final CapturedStderr stderr = new CapturedStderr();

    /** Answers from a script; records each (seq, records) posted. */
    private static final class ScriptedEndpoint implements Shipper.Poster {
        final Deque<Object> answers = new ArrayDeque<>();
        final List<String> posts = new ArrayList<>();

        ScriptedEndpoint then(Object... next) {
            answers.addAll(List.of(next));
            return this;
        }

        @Override
        public Shipper.Answer post(long seq, RecordBuffer.Batch batch) throws IOException {
            posts.add(seq + " " + WireRecords.parse(batch).texts());
            Object a = answers.isEmpty() ? 204 : answers.poll();
            if (a instanceof IOException e) {
                throw e;
            }
            return a instanceof Shipper.Answer answer ? answer : new Shipper.Answer((Integer) a, "");
        }
    }

    private static RecordBuffer bufferWith(String... outputs) {
        RecordBuffer b = new RecordBuffer(1 << 20);
        for (String o : outputs) {
            byte[] bytes = o.getBytes(StandardCharsets.UTF_8);
            b.output(Records.STDOUT, 1, bytes, 0, bytes.length);
        }
        return b;
    }

    @Test
    void aBatchIsRetriedUnderItsNumberUntilTakenAndTheNextGetsTheNextNumber() throws Exception {
        RecordBuffer buffer = bufferWith("one\n");
        ScriptedEndpoint endpoint = new ScriptedEndpoint()
                .then(503, new IOException("connection refused"), new Shipper.Answer(502, "bad gateway"), 204);
        Shipper shipper = new Shipper(buffer, endpoint, new Redaction(TOKEN));

        assertThat(shipper.deliver(buffer.take(System.nanoTime()))).isTrue();
        byte[] two = "two\n".getBytes(StandardCharsets.UTF_8);
        buffer.output(Records.STDOUT, 1, two, 0, two.length);
        assertThat(shipper.deliver(buffer.take(System.nanoTime()))).isTrue();

        assertThat(endpoint.posts)
                .containsExactly("0 [1:one\n]", "0 [1:one\n]", "0 [1:one\n]", "0 [1:one\n]", "1 [1:two\n]");
        assertThat(buffer.used()).isZero();
        assertThat(stderr.text()).isEmpty();
    }

    @Test
    void unauthorizedStopsShippingForGoodWithOneWarningWithoutTheToken() throws Exception {
        RecordBuffer buffer = bufferWith("secret output " + TOKEN + "\n");
        ScriptedEndpoint endpoint = new ScriptedEndpoint().then(new Shipper.Answer(401, "bad token " + TOKEN));
        Shipper shipper = new Shipper(buffer, endpoint, new Redaction(TOKEN));

        assertThat(shipper.deliver(buffer.take(System.nanoTime()))).isFalse();
        byte[] more = "more\n".getBytes(StandardCharsets.UTF_8);
        buffer.output(Records.STDOUT, 1, more, 0, more.length);

        assertThat(buffer.finished()).isTrue();
        assertThat(buffer.used()).isZero();
        assertThat(stderr.text().lines()).hasSize(1);
        assertThat(stderr.text()).contains("event=log.unauthorized").doesNotContain(TOKEN);
    }

    @Test
    void aMalformedOrTooLargeBatchIsDroppedWithAWarningAndBecomesAGap() throws Exception {
        RecordBuffer buffer = bufferWith("refused\n");
        ScriptedEndpoint endpoint =
                new ScriptedEndpoint().then(new Shipper.Answer(400, "bad record type, token " + TOKEN), 204);
        Shipper shipper = new Shipper(buffer, endpoint, new Redaction(TOKEN));

        assertThat(shipper.deliver(buffer.take(System.nanoTime()))).isTrue();
        buffer.end(2, 0);
        assertThat(shipper.deliver(buffer.take(System.nanoTime()))).isTrue();

        assertThat(endpoint.posts).containsExactly("0 [1:refused\n]", "1 [5:8, 4:{\"exitCode\":0}]");
        assertThat(stderr.text())
                .contains("event=log.refused", "status=400", "bad record type")
                .doesNotContain(TOKEN);
    }

    @Test
    void theThreadDeliversEverythingUpToTheEndAndStops() throws Exception {
        RecordBuffer buffer = bufferWith("a\n", "b\n");
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        Thread t = new Thread(new Shipper(buffer, endpoint, new Redaction(TOKEN)));
        t.start();
        buffer.end(3, 7);
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(String.join("", endpoint.posts)).contains("1:a\n", "1:b\n", "4:{\"exitCode\":7}");
    }

    @Test
    void theLastBatchIsStillRetriedAfterTheEnd() throws Exception {
        RecordBuffer buffer = bufferWith("last\n");
        buffer.end(1, 0);
        ScriptedEndpoint endpoint = new ScriptedEndpoint().then(503, 204);
        Shipper shipper = new Shipper(buffer, endpoint, new Redaction(TOKEN));

        assertThat(shipper.deliver(buffer.take(System.nanoTime()))).isTrue();

        assertThat(endpoint.posts).hasSize(2).allMatch(p -> p.startsWith("0 [1:last\n, 4:"));
        assertThat(buffer.finished()).isTrue();
    }

    @Test
    void theTokenIsRemovedFromAnyTextThatMayBeLogged() {
        Redaction r = new Redaction(TOKEN);
        assertThat(r.apply("Authorization: Bearer " + TOKEN + "\nnext"))
                .isEqualTo("Authorization: Bearer [token] next");
        assertThat(r.apply(null)).isEmpty();
        assertThat(r.apply("x".repeat(500))).hasSize(203);
    }
}
