package dev.hpcenv.kube.embedded.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer-token authentication, like the API server's static token file: a token names a user and
 * its groups. A request without an {@code Authorization} header is {@link Identity#ADMIN} (the
 * kubeconfig of {@code writeKubeconfig(file)} carries no credentials, and every existing client of
 * the embedded API relies on that); one with a token this API does not know is refused.
 */
public final class BearerTokens {

    private static final String BEARER = "bearer ";

    private final Map<String, Identity> identities = new ConcurrentHashMap<>();

    /**
     * @throws IllegalArgumentException when the token or user is blank or holds characters an HTTP
     *     header cannot carry, or the token is already given to another identity
     */
    public void add(String token, String user, List<String> groups) {
        if (token == null || token.isBlank() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("token: must be non-empty printable ASCII without spaces");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user: must not be blank (the token's user name)");
        }
        for (String group : groups) {
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException("groups of user \"" + user + "\": a group name is blank");
            }
        }
        Identity identity = Identity.authenticated(user, groups);
        Identity before = identities.putIfAbsent(token, identity);
        if (before != null && !before.equals(identity)) {
            throw new IllegalArgumentException("token of user \"" + user + "\": already given to user \""
                    + before.user() + "\"; use another token");
        }
    }

    /**
     * The identity of a request from its {@code Authorization} header (null when absent); empty when
     * the request must be answered 401.
     */
    public Optional<Identity> authenticate(String authorization) {
        if (authorization == null) {
            return Optional.of(Identity.ADMIN);
        }
        String value = authorization.trim();
        if (value.length() <= BEARER.length() || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                identities.get(value.substring(BEARER.length()).trim()));
    }
}
