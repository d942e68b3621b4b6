package dev.hpcenv.kube.embedded.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code Impersonate-User} and {@code Impersonate-Group} (kubectl {@code --as}, {@code --as-group}),
 * as the API server handles them: the requester needs {@code impersonate} on {@code users} (named)
 * and on each {@code groups}; the request then runs as that user, in those groups and
 * system:authenticated.
 *
 * @param user   the user to act as
 * @param groups the groups asked for
 */
public record Impersonation(String user, List<String> groups) {

    public Impersonation {
        groups = List.copyOf(groups);
    }

    /** The request's impersonation, if it asks for one; groups without a user are refused by the caller. */
    public static Optional<Impersonation> of(String user, List<String> groups) {
        if ((user == null || user.isEmpty()) && groups.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Impersonation(user == null ? "" : user, groups));
    }

    /** The checks the requester must pass, one per user and group, as the API server asks them. */
    public List<RequestAttributes> checks(Identity requester) {
        List<RequestAttributes> checks = new ArrayList<>();
        checks.add(RequestAttributes.resource(requester, "impersonate", "", "", "users", "", user));
        for (String group : groups) {
            checks.add(RequestAttributes.resource(requester, "impersonate", "", "", "groups", "", group));
        }
        return checks;
    }

    public Identity identity() {
        return Identity.authenticated(user, groups);
    }
}
