package dev.hpcenv.edf;

/** How bad a {@link Diagnostic} is: errors stop a command, warnings are printed and let it go on. */
public enum Severity {
    ERROR,
    WARNING
}
