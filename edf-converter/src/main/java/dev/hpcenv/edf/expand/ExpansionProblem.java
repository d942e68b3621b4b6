package dev.hpcenv.edf.expand;

/**
 * Why a string could not be expanded. A plain exception (not an {@link dev.hpcenv.edf.EdfException}) because
 * it knows nothing of files: the caller adds the origin.
 */
public final class ExpansionProblem extends Exception {
    /** What went wrong. */
    public enum Kind {
        UNDEFINED_VARIABLE,
        SYNTAX
    }

    private final Kind kind;
    private final String variable;
    private final String hint;

    ExpansionProblem(Kind kind, String variable, String message, String hint) {
        super(message, null, false, false);
        this.kind = kind;
        this.variable = variable;
        this.hint = hint;
    }

    static ExpansionProblem undefined(String name) {
        return new ExpansionProblem(
                Kind.UNDEFINED_VARIABLE,
                name,
                "undefined variable ${" + name + "}",
                "set " + name + " in the environment, or write ${" + name + ":-} for an empty default");
    }

    static ExpansionProblem syntax(String message, String hint) {
        return new ExpansionProblem(Kind.SYNTAX, null, message, hint);
    }

    public Kind kind() {
        return kind;
    }

    /** The undefined variable, or null for a syntax problem. */
    public String variable() {
        return variable;
    }

    public String hint() {
        return hint;
    }
}
