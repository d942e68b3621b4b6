package dev.hpcenv.kube.embedded.auth;

import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.response.StatusResponses;

/** The 401 and 403 Status bodies, worded as the API server words them (kubectl prints them as they are). */
public final class Refusals {

    private Refusals() {}

    public static ApiResponse unauthorized() {
        return StatusResponses.failure(401, "Unauthorized", "Unauthorized");
    }

    /** The 403 for a request the authorizer denied; {@code reason} is the authorizer's ("" for none). */
    public static ApiResponse forbidden(RequestAttributes request, String reason) {
        String message = forbiddenMessage(request) + (reason.isEmpty() ? "" : ": " + reason);
        if (!request.resourceRequest()) {
            return StatusResponses.failure(403, "Forbidden", "forbidden: " + message);
        }
        String qualified =
                request.apiGroup().isEmpty() ? request.resource() : request.resource() + "." + request.apiGroup();
        String name = request.name();
        String subject = name.isEmpty() ? qualified : qualified + " \"" + name + "\"";
        return StatusResponses.failure(
                403, "Forbidden", subject + " is forbidden: " + message, qualified, name.isEmpty() ? null : name);
    }

    private static String forbiddenMessage(RequestAttributes request) {
        String user = "User \"" + request.identity().user() + "\" cannot " + request.verb();
        if (!request.resourceRequest()) {
            return user + " path \"" + request.path() + "\"";
        }
        String resource =
                request.subresource().isEmpty() ? request.resource() : request.resource() + "/" + request.subresource();
        String where = request.namespace().isEmpty()
                ? "at the cluster scope"
                : "in the namespace \"" + request.namespace() + "\"";
        return user + " resource \"" + resource + "\" in API group \"" + request.apiGroup() + "\" " + where;
    }
}
