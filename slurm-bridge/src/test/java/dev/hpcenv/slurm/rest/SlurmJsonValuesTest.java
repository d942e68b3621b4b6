package dev.hpcenv.slurm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.slurm.ExitStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlurmJsonValuesTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void numbersComePlainAsStringsOrInNoValStructs() throws Exception {
        assertThat(SlurmJsonValues.number(json("4294901758"))).isEqualTo(4294901758L);
        assertThat(SlurmJsonValues.number(json("\"23\""))).isEqualTo(23L);
        assertThat(SlurmJsonValues.number(json("{\"set\":true,\"infinite\":false,\"number\":60}")))
                .isEqualTo(60L);
        assertThat(SlurmJsonValues.number(json("{\"set\":false,\"infinite\":false,\"number\":60}")))
                .isNull();
        assertThat(SlurmJsonValues.number(json("{\"set\":true,\"infinite\":true,\"number\":0}")))
                .isNull();
        assertThat(SlurmJsonValues.number(json("null"))).isNull();
    }

    @Test
    void zeroTimeMeansUnset() throws Exception {
        assertThat(SlurmJsonValues.instant(json("0"))).isNull();
        assertThat(SlurmJsonValues.instant(json("1795259178"))).isEqualTo(Instant.ofEpochSecond(1795259178L));
        assertThat(SlurmJsonValues.instant(json("{\"set\":true,\"infinite\":false,\"number\":1747045579}")))
                .isEqualTo(Instant.ofEpochSecond(1747045579L));
    }

    @Test
    void statesComeAsAStringOrAnArray() throws Exception {
        assertThat(SlurmJsonValues.strings(json("\"RUNNING\""))).containsExactly("RUNNING");
        assertThat(SlurmJsonValues.strings(json("[\"COMPLETED\",\"COMPLETING\"]")))
                .containsExactly("COMPLETED", "COMPLETING");
    }

    @Test
    void exitCodesInAllThreeShapes() throws Exception {
        assertThat(SlurmJsonValues.exit(json("768"))).isEqualTo(ExitStatus.exited(3));
        assertThat(SlurmJsonValues.exit(json("{\"set\":true,\"infinite\":false,\"number\":9}")))
                .isEqualTo(ExitStatus.signalled(9));
        assertThat(SlurmJsonValues.exit(json("""
                {"status":["SIGNALED"],"return_code":{"set":false,"infinite":false,"number":0},
                 "signal":{"id":{"set":true,"infinite":false,"number":15},"name":"TERM"}}"""))).isEqualTo(ExitStatus.signalled(15));
        assertThat(SlurmJsonValues.exit(json("""
                {"status":["SIGNALED"],"signal":{"id":{"set":false,"infinite":false,"number":0},"name":"KILL"}}"""))).isEqualTo(ExitStatus.signalled(9));
        assertThat(SlurmJsonValues.exit(json("""
                {"status":["ERROR"],"return_code":{"set":true,"infinite":false,"number":3}}"""))).isEqualTo(ExitStatus.exited(3));
        assertThat(SlurmJsonValues.exit(json("{\"status\":[\"PENDING\"]}"))).isNull();
    }

    @Test
    void restartCountsAreUint16WithSentinelsAsUnset() throws Exception {
        assertThat(SlurmJsonValues.unsigned16(json("3"))).isEqualTo(3);
        assertThat(SlurmJsonValues.unsigned16(json("0"))).isZero();
        assertThat(SlurmJsonValues.unsigned16(json("65534"))).as("NO_VAL16").isNull();
        assertThat(SlurmJsonValues.unsigned16(json("65535"))).as("INFINITE16").isNull();
        assertThat(SlurmJsonValues.unsigned16(json("-2"))).isNull();
        assertThat(SlurmJsonValues.unsigned16(json("{\"set\":false,\"infinite\":false,\"number\":0}")))
                .isNull();
        assertThat(SlurmJsonValues.unsigned16(null)).isNull();
    }
}
