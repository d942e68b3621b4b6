package dev.hpcenv.edf.mount;

/** A mount string that does not follow {@code SOURCE[:TARGET[:FLAGS]]}. */
public final class MountSyntaxException extends Exception {
    private final String hint;

    MountSyntaxException(String message, String hint) {
        super(message, null, false, false);
        this.hint = hint;
    }

    public String hint() {
        return hint;
    }
}
