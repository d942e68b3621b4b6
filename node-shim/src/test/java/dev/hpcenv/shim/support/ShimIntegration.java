package dev.hpcenv.shim.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that runs the shim with the real tools (registry, skopeo, umoci, squashfuse,
 * fuse-overlayfs, runc) as root and as the test user; needs root. Only {@code *IT} classes (failsafe,
 * mvn verify) may carry it: the shared environment refuses to start under surefire ({@link TestLayer}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ShimIntegration.Env.class)
public @interface ShimIntegration {
    /** Registers the shared environment in the root store, which closes it after the last test. */
    final class Env implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            TestLayer.requireIntegration(
                    "the shim's test environment (test user, registry)",
                    context.getRequiredTestClass().getSimpleName());
            ShimTestEnv env = ShimTestEnv.get();
            context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(ShimTestEnv.class, k -> env, ShimTestEnv.class);
        }
    }
}
