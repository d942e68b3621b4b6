package dev.hpcenv.shim.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobShapeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "node1,node2,node3 | node1 node2 node3",
                "node1 node2       | node1 node2",
                "node[1-3]         | node1 node2 node3",
                "n[01-02,5],x      | n01 n02 n5 x",
                "localhost         | localhost",
            })
    void readsTheClusterNodeNames(String value, String expected) {
        assertThat(JobShape.nodeNames(value)).containsExactly(expected.split(" "));
    }

    @Test
    void noNodeListIsTheOneLocalNode() {
        assertThat(JobShape.nodeNames(null)).containsExactly("localhost");
        assertThat(JobShape.nodeNames(" ")).containsExactly("localhost");
    }

    @Test
    void asksSlurmForTheShapeAnHpcJobGives() {
        assertThat(JobShape.total(1, 4).sbatchOptions()).containsExactly("--nodes=1", "--ntasks=4");
        assertThat(JobShape.perNode(3, 2).sbatchOptions()).containsExactly("--nodes=3", "--ntasks-per-node=2");
        assertThat(JobShape.perNode(3, 2).size()).isEqualTo(6);
    }

    @Test
    void aShapeNeedsAsManyNodesAsItNames() {
        assertThat(JobShape.total(1, 4).unmetBy(List.of("localhost"))).isEmpty();
        assertThat(JobShape.perNode(3, 2).unmetBy(List.of("node1", "node2", "node3")))
                .isEmpty();
        assertThat(JobShape.perNode(3, 2).unmetBy(List.of("localhost")))
                .get()
                .asString()
                .contains("needs 3 Slurm nodes", "has 1", "start --nodes 3");
    }
}
