package dev.hpcenv.edf.convert;

import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;

/**
 * One environment as a Kubernetes object.
 *
 * @param namespace null for a cluster-scoped object or when none was given
 */
public record EnvironmentResource(EnvironmentKind kind, String name, String namespace, EnvironmentSpec spec) {}
