package dev.hpcenv.kube.embedded.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The objects of one kind (optionally one namespace) at one moment, sorted by namespace and name.
 *
 * @param resourceVersion every change to this kind up to this version is reflected in {@code items},
 *                        and none after it: a watch from it misses nothing and repeats nothing
 * @param items           read-only trees; callers must not modify them
 */
public record Listing(long resourceVersion, List<JsonNode> items) {}
