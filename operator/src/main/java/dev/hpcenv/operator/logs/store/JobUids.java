package dev.hpcenv.operator.logs.store;

import java.util.regex.Pattern;

/** Kubernetes UIDs as the store accepts them: each becomes a directory name under the log volume. */
public final class JobUids {
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    private JobUids() {}

    public static boolean valid(String uid) {
        return uid != null && UID.matcher(uid).matches();
    }

    static String require(String uid) {
        if (!valid(uid)) {
            throw new IllegalArgumentException("not a job UID (1 to 64 letters, digits, '-'): "
                    + (uid == null ? "null" : "'" + Sanitizer.display(uid, 80) + "'"));
        }
        return uid;
    }
}
