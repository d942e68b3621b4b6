package dev.hpcenv.shim.devices;

/**
 * One {@code devices} entry of an environment and where it was written, for errors:
 * {@code env.toml:7: devices[0]} or {@code HPCENV_SPEC: devices[0]}.
 */
public record DeviceRequest(String entry, String where) {}
