package dev.hpcenv.operator.logs.api;

/**
 * Whether a user may {@code get} an HpcJob: the one question the log API asks the API server, with
 * the operator's own credentials, before it reads a log.
 */
interface AccessReviewer {

    Decision review(RemoteUser user, String namespace, String name);

    /** @param reason the authoriser's reason when it gave one, else empty */
    record Decision(boolean allowed, String reason) {}
}
