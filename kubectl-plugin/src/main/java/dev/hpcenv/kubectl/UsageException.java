package dev.hpcenv.kubectl;

/** A command line the plugin refuses: the message is one line naming the argument and what it accepts (exit 2). */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
