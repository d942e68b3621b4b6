package dev.hpcenv.operator.logs.api;

import java.util.List;

/** The user the API server authenticated, as its front proxy named them in the request headers. */
record RemoteUser(String name, List<String> groups) {
    RemoteUser {
        groups = List.copyOf(groups);
    }
}
