package dev.hpcenv.crd;

/** Names shared by every kind of the hpcenv.dev API group. */
public final class CrdConstants {
    public static final String GROUP = "hpcenv.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String CATEGORY = "hpc";

    private CrdConstants() {}
}
