package dev.hpcenv.edf.model;

import java.util.Objects;
import java.util.function.Function;

/** A value with the place it was written, so that a later error (expansion, merge) can point at it. */
public record Valued<T>(T value, Origin origin) {

    public Valued {
        Objects.requireNonNull(origin, "origin");
    }

    public <U> Valued<U> map(Function<T, U> f) {
        return new Valued<>(f.apply(value), origin);
    }

    public <U> Valued<U> with(U newValue) {
        return new Valued<>(newValue, origin);
    }
}
