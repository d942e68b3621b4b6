package dev.hpcenv.crd.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterColumnOrderTest {
    private static final String GENERATED = """
            spec:
              names:
                kind: "HpcJob"
              versions:
              - additionalPrinterColumns:
                - jsonPath: ".metadata.creationTimestamp"
                  name: "Age"
                  type: "date"
                - jsonPath: ".status.exitCode"
                  name: "Exit"
                  type: "integer"
                - jsonPath: ".status.phase"
                  name: "Phase"
                  type: "string"
                name: "v1alpha1"
                served: true
            """;

    @Test
    void columnsFollowTheDeclaredOrderAndNothingElseMoves() {
        String out = PrinterColumnOrder.reorder(GENERATED, List.of("Phase", "Exit", "Age"));
        assertThat(out).isEqualTo("""
                spec:
                  names:
                    kind: "HpcJob"
                  versions:
                  - additionalPrinterColumns:
                    - jsonPath: ".status.phase"
                      name: "Phase"
                      type: "string"
                    - jsonPath: ".status.exitCode"
                      name: "Exit"
                      type: "integer"
                    - jsonPath: ".metadata.creationTimestamp"
                      name: "Age"
                      type: "date"
                    name: "v1alpha1"
                    served: true
                """);
    }

    @Test
    void theModelClassesDeclareTheOrderKubectlShows() {
        assertThat(PrinterColumnOrder.declaredOrder("HpcJob"))
                .containsExactly("Phase", "JobID", "Exit", "Progress", "Cluster", "Nodes", "State", "Age");
        assertThat(PrinterColumnOrder.kindOf(GENERATED, null)).isEqualTo("HpcJob");
    }
}
