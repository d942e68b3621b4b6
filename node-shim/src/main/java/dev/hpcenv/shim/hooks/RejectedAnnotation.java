package dev.hpcenv.shim.hooks;

/** A user annotation the site does not accept or does not act on, and why. */
public record RejectedAnnotation(String annotation, String reason) {}
