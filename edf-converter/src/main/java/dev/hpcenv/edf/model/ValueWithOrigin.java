package dev.hpcenv.edf.model;

import java.util.Objects;
import java.util.function.Function;

/** A value with the place it was written, so that a later error (expansion, merge) can point at it. */
public record ValueWithOrigin<T>(T value, Origin origin) {

    public ValueWithOrigin {
        Objects.requireNonNull(origin, "origin");
    }

    public <U> ValueWithOrigin<U> map(Function<T, U> f) {
        return new ValueWithOrigin<>(f.apply(value), origin);
    }

    public <U> ValueWithOrigin<U> with(U newValue) {
        return new ValueWithOrigin<>(newValue, origin);
    }
}
