package dev.hpcenv.operator.e2e;

/** Closes the parts of an end-to-end set-up in order, every one even when an earlier one fails. */
final class Closing {

    private Closing() {}

    /** Closes each non-null part in order; the first failure is thrown with the later ones suppressed. */
    static void inOrder(AutoCloseable... parts) {
        RuntimeException failure = null;
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
