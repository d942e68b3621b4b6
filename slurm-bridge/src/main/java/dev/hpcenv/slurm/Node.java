package dev.hpcenv.slurm;

import java.util.List;

/**
 * A compute node.
 *
 * @param states base state then flags, upper case (e.g. {@code [IDLE]}, {@code [MIXED, DRAIN]})
 */
public record Node(
        String name, List<String> states, Integer cpus, Long realMemoryMb, List<String> partitions, String reason) {

    public Node {
        states = List.copyOf(states);
        partitions = List.copyOf(partitions);
    }
}
