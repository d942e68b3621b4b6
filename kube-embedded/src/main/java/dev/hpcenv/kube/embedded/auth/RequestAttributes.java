package dev.hpcenv.kube.embedded.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an authorizer decides on, derived from a request as the API server's RequestInfoFactory
 * derives it: a resource request ({@code /api/v1/...}, {@code /apis/GROUP/VERSION/...} with a
 * resource) has a verb from the method (get, list, watch, create, update, patch, delete,
 * deletecollection), an API group, namespace, resource, subresource and name; anything else is a
 * non-resource request with the lower-cased method as verb and the path.
 *
 * @param namespace   "" for cluster scope ({@code /api/v1/namespaces/NS} has namespace NS, as on a real server)
 * @param name        "" for a collection
 * @param subresource "" when none
 */
public record RequestAttributes(
        Identity identity,
        boolean resourceRequest,
        String path,
        String verb,
        String apiGroup,
        String apiVersion,
        String namespace,
        String resource,
        String subresource,
        String name) {

    private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    /** A resource request, as a SubjectAccessReview's resourceAttributes states one. */
    public static RequestAttributes resource(
            Identity identity,
            String verb,
            String apiGroup,
            String namespace,
            String resource,
            String subresource,
            String name) {
        return new RequestAttributes(identity, true, "", verb, apiGroup, "", namespace, resource, subresource, name);
    }

    /** A non-resource request, as a SubjectAccessReview's nonResourceAttributes states one. */
    public static RequestAttributes nonResource(Identity identity, String verb, String path) {
        return new RequestAttributes(identity, false, path, verb, "", "", "", "", "", "");
    }

    /** The attributes of an HTTP request; {@code query} decoded, the last value of a name winning. */
    public static RequestAttributes of(Identity identity, String method, String path, Map<String, String> query) {
        String httpVerb = method.toLowerCase(Locale.ROOT);
        RequestAttributes nonResource = nonResource(identity, httpVerb, path);
        List<String> parts =
                Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
        if (parts.size() < 3 || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
            return nonResource;
        }
        int next = 1;
        String group = "";
        if (parts.get(0).equals("apis")) {
            if (parts.size() < 4) {
                return nonResource;
            }
            group = parts.get(next++);
        }
        String version = parts.get(next++);
        String verb;
        if (SPECIAL_VERBS.contains(parts.get(next))) {
            if (parts.size() - next < 2) {
                return nonResource; // the API server refuses these; nothing here matches them
            }
            verb = parts.get(next++);
        } else {
            verb = switch (method) {
                case "POST" -> "create";
                case "GET", "HEAD" -> "get";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> "delete";
                default -> "";
            };
        }
        List<String> rest = parts.subList(next, parts.size());
        String namespace = "";
        if (rest.get(0).equals("namespaces")) {
            if (rest.size() > 1) {
                namespace = rest.get(1);
                if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
                    rest = rest.subList(2, rest.size());
                }
            }
        }
        String resource = rest.get(0);
        String name = rest.size() >= 2 ? rest.get(1) : "";
        String subresource = rest.size() >= 3 && !verb.equals("proxy") ? rest.get(2) : "";
        if (name.isEmpty() && verb.equals("get")) {
            verb = flag(query.get("watch")) ? "watch" : "list";
            name = nameOfFieldSelector(query.get("fieldSelector"));
        }
        if (name.isEmpty() && verb.equals("delete")) {
            verb = "deletecollection";
        }
        return new RequestAttributes(
                identity, true, path, verb, group, version, namespace, resource, subresource, name);
    }

    private static boolean flag(String value) {
        return value != null && (value.equals("true") || value.equals("1"));
    }

    // A list narrowed to one name by metadata.name=NAME is authorised as a request for that name.
    private static String nameOfFieldSelector(String selector) {
        if (selector == null || selector.contains(",")) {
            return "";
        }
        for (String operator : List.of("==", "=")) {
            String prefix = "metadata.name" + operator;
            if (selector.startsWith(prefix)) {
                String name = selector.substring(prefix.length());
                return name.isEmpty()
                                || name.equals(".")
                                || name.equals("..")
                                || name.contains("/")
                                || name.contains("%")
                        ? ""
                        : name;
            }
        }
        return "";
    }
}
