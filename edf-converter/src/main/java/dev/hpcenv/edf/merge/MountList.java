package dev.hpcenv.edf.merge;

import dev.hpcenv.edf.model.MountSpec;
import dev.hpcenv.edf.model.ValueWithOrigin;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount rule: mounts are appended; a later mount with the same target replaces the earlier one
 * in its place, so that a parent directory stays mounted before what is mounted inside it.
 */
public final class MountList {
    private MountList() {}

    public static void add(List<ValueWithOrigin<MountSpec>> mounts, ValueWithOrigin<MountSpec> mount) {
        String key = mount.value().targetKey();
        for (int i = 0; i < mounts.size(); i++) {
            if (mounts.get(i).value().targetKey().equals(key)) {
                mounts.set(i, mount);
                return;
            }
        }
        mounts.add(mount);
    }

    /** Applies the rule to a whole list, e.g. again after expansion made two targets equal. */
    public static List<ValueWithOrigin<MountSpec>> normalize(List<ValueWithOrigin<MountSpec>> mounts) {
        List<ValueWithOrigin<MountSpec>> out = new ArrayList<>();
        mounts.forEach(m -> add(out, m));
        return out;
    }
}
