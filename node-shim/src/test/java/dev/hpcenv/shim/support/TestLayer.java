package dev.hpcenv.shim.support;

import java.util.Optional;

/**
 * The build's two test layers, told apart by name: surefire runs the {@code *Test} classes (mvn test)
 * with {@code hpcenv.testLayer=unit} and they start nothing; failsafe runs the {@code *IT} classes (mvn
 * verify), which may start the registry, create the test user and mount images. Whatever starts such
 * a thing asks here first, so that a unit test reaching for it fails at once, saying how to fix it,
 * instead of quietly depending on the machine.
 */
public final class TestLayer {
    private TestLayer() {}

    /** Throws in the unit layer; {@code what} names the daemon or tool the caller was about to start. */
    public static void requireIntegration(String what) {
        requireIntegration(what, testClassOnStack().orElse(null));
    }

    /** The same for an extension, which knows the test class ({@code null} when it does not). */
    public static void requireIntegration(String what, String testClass) {
        if ("unit".equals(System.getProperty("hpcenv.testLayer"))) {
            String rename = testClass == null
                    ? "rename the test class to end in IT"
                    : "rename " + testClass + " to " + testClass.replaceFirst("Test$", "") + "IT";
            throw new IllegalStateException((testClass == null ? "a *Test class" : testClass) + " starts " + what
                    + ", which only *IT classes may do: " + rename + " so that failsafe runs it in mvn verify"
                    + " (mvn test runs the *Test classes, which start nothing)");
        }
    }

    private static Optional<String> testClassOnStack() {
        return StackWalker.getInstance()
                .walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                        .map(name -> name.substring(name.lastIndexOf('.') + 1).replaceFirst("\\$.*", ""))
                        .filter(name -> name.endsWith("Test"))
                        .findFirst());
    }
}
