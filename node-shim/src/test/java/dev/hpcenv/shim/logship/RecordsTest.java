package dev.hpcenv.shim.logship;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordsTest {
    @Test
    void aRecordIsTypeTimeAndLengthBigEndianThenThePayload() {
        byte[] out = new byte[Records.HEADER + 3];
        int end = Records.write(out, 0, Records.STDERR, 0x0102030405060708L, "xab".getBytes(), 1, 2);
        assertThat(end).isEqualTo(Records.HEADER + 2);
        assertThat(out).startsWith(2, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 2, 'a', 'b');
    }

    @Test
    void gapAndEndPayloads() {
        assertThat(Records.gapPayload(12345)).containsExactly(0, 0, 0, 0, 0, 0, 0x30, 0x39);
        assertThat(new String(Records.endPayload(-1), StandardCharsets.UTF_8)).isEqualTo("{\"exitCode\":-1}");
    }

    @Test
    void progressIsJsonWithStringFieldsAndEscapedText() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("image", "reg/\"x\":1");
        fields.put("bytesDone", "12");
        byte[] json = Records.progressPayload("pull.bytes", "a\\b\nc\u0001 ünï", fields);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .isEqualTo("{\"event\":\"pull.bytes\",\"message\":\"a\\\\b\\nc\\u0001 ünï\","
                        + "\"fields\":{\"image\":\"reg/\\\"x\\\":1\",\"bytesDone\":\"12\"}}");
    }
}
