package dev.hpcenv.shim.devices;

import dev.hpcenv.shim.bundle.HookStage;
import java.util.List;

/** The {@code hookName}s a CDI spec may use, and the OCI stage each runs at. */
final class CdiHookStage {
    /** {@code prestart} is the OCI name runc still accepts; it runs where {@code createRuntime} does. */
    static final List<String> NAMES =
            List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");

    private CdiHookStage() {}

    static HookStage of(String hookName) {
        return hookName.equals("prestart") ? HookStage.createRuntime : HookStage.valueOf(hookName);
    }
}
