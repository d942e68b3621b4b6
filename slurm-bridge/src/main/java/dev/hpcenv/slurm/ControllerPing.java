package dev.hpcenv.slurm;

/** One slurmctld as slurmrestd sees it. */
public record ControllerPing(String hostname, boolean responding, String mode) {}
