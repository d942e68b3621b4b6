package dev.hpcenv.kube.embedded.watch;

/** A watch asked for changes older than the history keeps; the client must list again (HTTP 410). */
public final class ResourceVersionExpiredException extends Exception {

    public ResourceVersionExpiredException(long requested, long oldestKept) {
        super("too old resource version: " + requested + " (" + oldestKept + ")");
    }
}
