package dev.hpcenv.kube.embedded.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.response.StatusResponses;
import java.util.Optional;

/**
 * Self access reviews ({@code authorization.k8s.io/v1} SelfSubjectRulesReview and
 * SelfSubjectAccessReview), answered as this API authorises: everything. JOSDK asks for the rules
 * before it starts leader election and refuses to start without an answer, and {@code kubectl auth
 * can-i} asks for an access review.
 */
final class AccessReviews {

    private static final String PREFIX = "/apis/authorization.k8s.io/v1/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessReviews() {}

    /** The answer when {@code request} is a self review, else empty. */
    static Optional<ApiResponse> answer(ApiRequest request) {
        if (!request.method().equals("POST") || !request.path().startsWith(PREFIX)) {
            return Optional.empty();
        }
        String plural = request.path().substring(PREFIX.length());
        if (!plural.equals("selfsubjectrulesreviews") && !plural.equals("selfsubjectaccessreviews")) {
            return Optional.empty();
        }
        ObjectNode review;
        try {
            JsonNode body = request.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(request.body());
            if (!(body instanceof ObjectNode object)) {
                return Optional.of(StatusResponses.failure(400, "BadRequest", "the body is not a JSON object"));
            }
            review = object;
        } catch (java.io.IOException e) {
            return Optional.of(StatusResponses.failure(400, "BadRequest", "the body is not JSON: " + e.getMessage()));
        }
        review.put("apiVersion", "authorization.k8s.io/v1");
        ObjectNode status = review.putObject("status");
        if (plural.equals("selfsubjectrulesreviews")) {
            review.put("kind", "SelfSubjectRulesReview");
            ObjectNode rule = status.putArray("resourceRules").addObject();
            rule.putArray("verbs").add("*");
            rule.putArray("apiGroups").add("*");
            rule.putArray("resources").add("*");
            ObjectNode urls = status.putArray("nonResourceRules").addObject();
            urls.putArray("verbs").add("*");
            urls.putArray("nonResourceURLs").add("*");
            status.put("incomplete", false);
        } else {
            review.put("kind", "SelfSubjectAccessReview");
            status.put("allowed", true);
            status.put("reason", "the embedded API authorises every request");
        }
        return Optional.of(new ApiResponse(201, review.toString()));
    }
}
