package dev.hpcenv.shim.identity;

/** One line of a user namespace's uid_map or gid_map: {@code size} ids from {@code containerId} on. */
public record IdRange(long containerId, long hostId, long size) {
    public IdRange {
        if (containerId < 0 || hostId < 0 || size <= 0) {
            throw new IllegalArgumentException("bad id range " + containerId + " " + hostId + " " + size);
        }
    }

    /** The arguments newuidmap/newgidmap take for this range. */
    String[] toolArguments() {
        return new String[] {Long.toString(containerId), Long.toString(hostId), Long.toString(size)};
    }
}
