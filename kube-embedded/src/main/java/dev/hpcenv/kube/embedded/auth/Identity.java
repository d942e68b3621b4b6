package dev.hpcenv.kube.embedded.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * Who makes a request, as an authenticator hands it on: a user name and its groups.
 *
 * @param groups in the order they were given; every authenticated identity has {@value #AUTHENTICATED}
 */
public record Identity(String user, List<String> groups) {

    public static final String AUTHENTICATED = "system:authenticated";
    public static final String MASTERS = "system:masters";

    /** A request without a token: the embedded API's administrator, as kubeadm's admin.conf user is. */
    public static final Identity ADMIN = new Identity("admin", List.of(MASTERS, AUTHENTICATED));

    public Identity {
        groups = List.copyOf(groups);
    }

    /** An authenticated user: its groups plus {@value #AUTHENTICATED}, which the API server adds to every one. */
    public static Identity authenticated(String user, List<String> groups) {
        List<String> all = new ArrayList<>(groups);
        if (!all.contains(AUTHENTICATED)) {
            all.add(AUTHENTICATED);
        }
        return new Identity(user, all);
    }

    /** Whether RBAC is bypassed, as the API server's privileged-group authorizer does for system:masters. */
    public boolean isPrivileged() {
        return groups.contains(MASTERS);
    }
}
