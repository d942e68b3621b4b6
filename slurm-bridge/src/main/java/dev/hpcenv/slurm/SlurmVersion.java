package dev.hpcenv.slurm;

/** The Slurm release behind slurmrestd (e.g. {@code 22.05.8}) and the API version the client speaks. */
public record SlurmVersion(String release, ApiVersion apiVersion) {}
