package dev.hpcenv.kube.embedded.patch;

/** A patch that cannot be applied; the message is shown to the client as is. */
public final class PatchException extends Exception {

    private final int httpCode;

    public PatchException(int httpCode, String message) {
        super(message);
        this.httpCode = httpCode;
    }

    public int httpCode() {
        return httpCode;
    }
}
