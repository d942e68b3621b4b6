package dev.hpcenv.slurm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HostlistTest {

    static Stream<Arguments> hostlists() {
        return Stream.of(
                Arguments.of("node1", "node1"),
                Arguments.of("node[1-3]", "node1 node2 node3"),
                Arguments.of("node[1-3],node5", "node1 node2 node3 node5"),
                Arguments.of("node[1,3,5-6]", "node1 node3 node5 node6"),
                Arguments.of("n[01-03]", "n01 n02 n03"),
                Arguments.of("n[08-11]", "n08 n09 n10 n11"),
                Arguments.of("n[9-11]", "n9 n10 n11"),
                Arguments.of("n[001-002,010]", "n001 n002 n010"),
                Arguments.of("cn[01-03,7],gpu1", "cn01 cn02 cn03 cn7 gpu1"),
                Arguments.of("r[1-2]n[1-2]", "r1n1 r1n2 r2n1 r2n2"),
                Arguments.of("rack[1-2]-node[01-02]", "rack1-node01 rack1-node02 rack2-node01 rack2-node02"),
                Arguments.of("login-1,compute-a[1-2]", "login-1 compute-a1 compute-a2"),
                Arguments.of("nid[001-002]-hsn0", "nid001-hsn0 nid002-hsn0"),
                Arguments.of("x1000c0s0b0n[0-1],x1000c0s1b0n0", "x1000c0s0b0n0 x1000c0s0b0n1 x1000c0s1b0n0"),
                Arguments.of(" node[1-2] , node4 ", "node1 node2 node4"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("hostlists")
    void expandsSlurmHostlists(String hostlist, String names) {
        List<String> expected = Arrays.asList(names.split(" "));
        assertThat(Hostlist.expand(hostlist)).containsExactlyElementsOf(expected);
    }

    @Test
    void emptyAndPlaceholderListsHaveNoNodes() {
        assertThat(Hostlist.expand("")).isEmpty();
        assertThat(Hostlist.expand(null)).isEmpty();
        assertThat(Hostlist.expand("(null)")).isEmpty();
        assertThat(Hostlist.expand("None assigned")).isEmpty();
    }

    @Test
    void malformedListsAreKeptAsNames() {
        assertThat(Hostlist.expand("cn[a-b]")).containsExactly("cn[a-b]");
        assertThat(Hostlist.expand("cn[1-2")).containsExactly("cn[1-2");
        assertThat(Hostlist.expand("cn[3-1]")).containsExactly("cn[3-1]");
    }
}
