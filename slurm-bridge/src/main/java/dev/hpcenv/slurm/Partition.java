package dev.hpcenv.slurm;

import java.util.List;

/**
 * A partition.
 *
 * @param maxTimeMinutes null when unlimited
 */
public record Partition(
        String name,
        String state,
        List<String> nodes,
        Integer totalCpus,
        Integer totalNodes,
        Integer maxTimeMinutes,
        boolean isDefault) {

    public Partition {
        nodes = List.copyOf(nodes);
    }
}
