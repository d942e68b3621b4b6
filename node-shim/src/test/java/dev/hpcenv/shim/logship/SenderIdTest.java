package dev.hpcenv.shim.logship;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SenderIdTest {
    @Test
    void aNodesServiceSupervisorSendsAsTaskService() {
        SenderId id = SenderId.service(Map.of("SLURM_PROCID", "1", "SLURM_RESTART_COUNT", "2"), "nid 1");

        assertThat(id).isEqualTo(new SenderId("nid 1", "service", 3));
        assertThat(id.query(4)).isEqualTo("node=nid+1&task=service&attempt=3&seq=4");
        assertThat(SenderId.of(Map.of("SLURM_PROCID", "1"), "n").query(0)).isEqualTo("node=n&task=1&attempt=1&seq=0");
    }
}
