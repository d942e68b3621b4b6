package dev.hpcenv.kube.embedded.store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A committed object: its tree and its JSON text, made once at commit so that reads neither parse
 * nor serialise. Neither is ever changed after the commit; readers must not modify {@code node}.
 */
record StoredObject(JsonNode node, String json) {}
