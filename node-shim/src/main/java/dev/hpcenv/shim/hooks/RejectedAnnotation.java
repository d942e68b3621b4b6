package dev.hpcenv.shim.hooks;

/** A user annotation the site does not accept, and why. */
public record RejectedAnnotation(String annotation, String reason) {}
