package dev.hpcenv.edf.convert;

import dev.hpcenv.crd.v1alpha1.EnvironmentKind;

/**
 * How {@code edf convert} turns an EDF into resources.
 *
 * @param name      the resource name, or null for the file name (sanitised)
 * @param namespace the namespace, or null
 * @param flatten   merge the bases into one resource instead of referencing them
 * @param recursive also emit every base as its own resource, before the environment
 * @param expand    expand variables now instead of on the node
 */
public record ConversionOptions(
        String name, String namespace, EnvironmentKind kind, boolean flatten, boolean recursive, boolean expand) {}
