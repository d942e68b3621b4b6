package dev.hpcenv.kube.embedded.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.auth.Identity;
import dev.hpcenv.kube.embedded.auth.RbacAuthorizer;
import dev.hpcenv.kube.embedded.auth.RequestAttributes;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.response.StatusResponses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code authorization.k8s.io/v1} reviews, answered by the same authorizer as every request:
 * SubjectAccessReview (for the user and groups the spec names, exactly as given: the API server
 * adds no group to them), SelfSubjectAccessReview and SelfSubjectRulesReview (for the requester).
 * JOSDK asks for the rules before it starts leader election, {@code kubectl auth can-i} for an access
 * review, and an aggregated API server (the operator's log API) for SubjectAccessReviews.
 */
final class AccessReviews {

    private static final String PREFIX = "/apis/authorization.k8s.io/v1/";
    private static final String GROUP_VERSION = "authorization.k8s.io/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RbacAuthorizer authorizer;

    AccessReviews(RbacAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** The answer when {@code request} is a review, else empty. */
    Optional<ApiResponse> answer(ApiRequest request) {
        if (!request.method().equals("POST") || !request.path().startsWith(PREFIX)) {
            return Optional.empty();
        }
        String plural = request.path().substring(PREFIX.length());
        String kind = switch (plural) {
            case "subjectaccessreviews" -> "SubjectAccessReview";
            case "selfsubjectaccessreviews" -> "SelfSubjectAccessReview";
            case "selfsubjectrulesreviews" -> "SelfSubjectRulesReview";
            default -> null;
        };
        if (kind == null) {
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
        review.put("apiVersion", GROUP_VERSION);
        review.put("kind", kind);
        JsonNode spec = review.path("spec");
        if (kind.equals("SelfSubjectRulesReview")) {
            review.set(
                    "status", rules(request.identity(), spec.path("namespace").asText("")));
            return Optional.of(new ApiResponse(201, review.toString()));
        }
        Identity subject = kind.equals("SubjectAccessReview")
                ? new Identity(spec.path("user").asText(""), strings(spec.path("groups")))
                : request.identity();
        List<String> violations = violations(kind, spec, subject);
        if (!violations.isEmpty()) {
            return Optional.of(StatusResponses.invalid(kind, "authorization.k8s.io", "", violations));
        }
        RbacAuthorizer.Decision decision = authorizer.authorize(attributes(subject, spec));
        ObjectNode status = review.putObject("status");
        status.put("allowed", decision.allowed());
        if (!decision.reason().isEmpty()) {
            status.put("reason", decision.reason());
        }
        return Optional.of(new ApiResponse(201, review.toString()));
    }

    private static List<String> violations(String kind, JsonNode spec, Identity subject) {
        List<String> violations = new ArrayList<>();
        boolean resource = spec.path("resourceAttributes").isObject();
        boolean nonResource = spec.path("nonResourceAttributes").isObject();
        if (resource && nonResource) {
            violations.add("spec.nonResourceAttributes: Invalid value: \"null\": cannot be specified in combination"
                    + " with resourceAttributes");
        }
        if (!resource && !nonResource) {
            violations.add("spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes"
                    + " or resourceAttributes must be specified");
        }
        if (kind.equals("SubjectAccessReview")
                && subject.user().isEmpty()
                && subject.groups().isEmpty()) {
            violations.add("spec.user: Invalid value: \"\": at least one of user or group must be specified");
        }
        return violations;
    }

    private static RequestAttributes attributes(Identity subject, JsonNode spec) {
        JsonNode resource = spec.path("resourceAttributes");
        if (resource.isObject()) {
            return RequestAttributes.resource(
                    subject,
                    resource.path("verb").asText(""),
                    resource.path("group").asText(""),
                    resource.path("namespace").asText(""),
                    resource.path("resource").asText(""),
                    resource.path("subresource").asText(""),
                    resource.path("name").asText(""));
        }
        JsonNode nonResource = spec.path("nonResourceAttributes");
        return RequestAttributes.nonResource(
                subject,
                nonResource.path("verb").asText(""),
                nonResource.path("path").asText(""));
    }

    private ObjectNode rules(Identity identity, String namespace) {
        ObjectNode status = JSON.createObjectNode();
        ArrayNode resourceRules = status.putArray("resourceRules");
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        if (identity.isPrivileged()) {
            ObjectNode rule = resourceRules.addObject();
            rule.putArray("verbs").add("*");
            rule.putArray("apiGroups").add("*");
            rule.putArray("resources").add("*");
            ObjectNode urls = nonResourceRules.addObject();
            urls.putArray("verbs").add("*");
            urls.putArray("nonResourceURLs").add("*");
        } else {
            for (JsonNode rule : authorizer.rulesFor(identity, namespace)) {
                if (rule.path("nonResourceURLs").isArray()
                        && !rule.path("nonResourceURLs").isEmpty()) {
                    ObjectNode copy = nonResourceRules.addObject();
                    copy.set("verbs", rule.path("verbs").deepCopy());
                    copy.set("nonResourceURLs", rule.path("nonResourceURLs").deepCopy());
                } else {
                    ObjectNode copy = resourceRules.addObject();
                    for (String field : List.of("verbs", "apiGroups", "resources", "resourceNames")) {
                        if (rule.path(field).isArray()) {
                            copy.set(field, rule.path(field).deepCopy());
                        }
                    }
                }
            }
        }
        status.put("incomplete", false);
        return status;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
