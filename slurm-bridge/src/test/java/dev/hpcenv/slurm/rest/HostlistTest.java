package dev.hpcenv.slurm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostlistTest {

    @Test
    void expandsRangesAndKeepsZeroPadding() {
        assertThat(Hostlist.expand("cn[01-03,7],gpu1")).containsExactly("cn01", "cn02", "cn03", "cn7", "gpu1");
    }

    @Test
    void expandsSeveralBracketGroupsAsAProduct() {
        assertThat(Hostlist.expand("r[1-2]n[1-2]")).containsExactly("r1n1", "r1n2", "r2n1", "r2n2");
    }

    @Test
    void emptyAndPlaceholderListsHaveNoNodes() {
        assertThat(Hostlist.expand("")).isEmpty();
        assertThat(Hostlist.expand(null)).isEmpty();
        assertThat(Hostlist.expand("(null)")).isEmpty();
    }

    @Test
    void malformedListsAreKeptAsNames() {
        assertThat(Hostlist.expand("cn[a-b]")).containsExactly("cn[a-b]");
        assertThat(Hostlist.expand("cn[1-2")).containsExactly("cn[1-2");
    }
}
