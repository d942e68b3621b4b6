package dev.hpcenv.kube.embedded.watch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpcenv.kube.embedded.store.ChangeType;

/** One event as a particular watcher sees it. */
public record WatchEvent(ChangeType type, JsonNode object) {}
