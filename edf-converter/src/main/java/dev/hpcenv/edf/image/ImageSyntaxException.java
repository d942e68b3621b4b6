package dev.hpcenv.edf.image;

/** An image value that is neither a valid registry reference nor a Squashfs path. */
public final class ImageSyntaxException extends Exception {
    private final String hint;

    ImageSyntaxException(String message, String hint) {
        super(message, null, false, false);
        this.hint = hint;
    }

    public String hint() {
        return hint;
    }
}
