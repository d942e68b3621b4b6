package dev.hpcenv.operator.logs.api;

import java.util.Optional;

/** Decides the {@link ApiRoute} of a request from its method and raw path (no query string). */
final class ApiRoutes {

    static final String GROUP = "logs.hpcenv.dev";
    static final String VERSION = "v1alpha1";
    static final String GROUP_VERSION = GROUP + "/" + VERSION;
    static final String LOG_PREFIX = "/apis/" + GROUP_VERSION + "/namespaces/";

    private ApiRoutes() {}

    static ApiRoute route(String method, String path) {
        ApiRoute route = byPath(path);
        boolean read = method.equals("GET") || method.equals("HEAD") && !(route instanceof ApiRoute.Log);
        if (!read && !(route instanceof ApiRoute.NotFound)) {
            return new ApiRoute.MethodNotAllowed(method);
        }
        return route;
    }

    private static ApiRoute byPath(String rawPath) {
        String path =
                rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        switch (path) {
            case "/apis":
                return new ApiRoute.Discovery(ApiRoute.Discovery.Document.GROUP_LIST);
            case "/apis/" + GROUP:
                return new ApiRoute.Discovery(ApiRoute.Discovery.Document.GROUP);
            case "/apis/" + GROUP_VERSION:
                return new ApiRoute.Discovery(ApiRoute.Discovery.Document.RESOURCE_LIST);
            case "/openapi/v2":
                return new ApiRoute.OpenApi(ApiRoute.OpenApi.Document.V2);
            case "/openapi/v3":
                return new ApiRoute.OpenApi(ApiRoute.OpenApi.Document.V3_INDEX);
            case "/openapi/v3/apis/" + GROUP_VERSION:
                return new ApiRoute.OpenApi(ApiRoute.OpenApi.Document.V3_GROUP_VERSION);
            case "/healthz", "/livez", "/readyz":
                return new ApiRoute.Health();
            default:
                return log(path).orElseGet(ApiRoute.NotFound::new);
        }
    }

    /** {@code /apis/logs.hpcenv.dev/v1alpha1/namespaces/{ns}/hpcjobs/{name}/log}, names checked. */
    private static Optional<ApiRoute> log(String path) {
        if (!path.startsWith(LOG_PREFIX)) {
            return Optional.empty();
        }
        String[] parts = path.substring(LOG_PREFIX.length()).split("/", -1);
        if (parts.length != 4 || !parts[1].equals("hpcjobs") || !parts[3].equals("log")) {
            return Optional.empty();
        }
        Optional<String> problem = KubeNames.namespaceProblem(parts[0]).or(() -> KubeNames.nameProblem(parts[2]));
        return Optional.of(
                problem.<ApiRoute>map(ApiRoute.BadName::new).orElseGet(() -> new ApiRoute.Log(parts[0], parts[2])));
    }
}
