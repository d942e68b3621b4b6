package dev.hpcenv.operator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApiRoutesTest {

    private static final String V = "/apis/logs.hpcenv.dev/v1alpha1";

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("GET", "/apis", new ApiRoute.Discovery(ApiRoute.Discovery.Document.GROUP_LIST)),
                Arguments.of("GET", "/apis/", new ApiRoute.Discovery(ApiRoute.Discovery.Document.GROUP_LIST)),
                Arguments.of("GET", "/apis/logs.hpcenv.dev", new ApiRoute.Discovery(ApiRoute.Discovery.Document.GROUP)),
                Arguments.of("GET", V, new ApiRoute.Discovery(ApiRoute.Discovery.Document.RESOURCE_LIST)),
                Arguments.of("HEAD", V, new ApiRoute.Discovery(ApiRoute.Discovery.Document.RESOURCE_LIST)),
                Arguments.of("GET", "/openapi/v2", new ApiRoute.OpenApi(ApiRoute.OpenApi.Document.V2)),
                Arguments.of("GET", "/openapi/v3", new ApiRoute.OpenApi(ApiRoute.OpenApi.Document.V3_INDEX)),
                Arguments.of(
                        "GET",
                        "/openapi/v3/apis/logs.hpcenv.dev/v1alpha1",
                        new ApiRoute.OpenApi(ApiRoute.OpenApi.Document.V3_GROUP_VERSION)),
                Arguments.of("GET", "/healthz", new ApiRoute.Health()),
                Arguments.of("GET", V + "/namespaces/team-a/hpcjobs/train/log", new ApiRoute.Log("team-a", "train")),
                Arguments.of("GET", V + "/namespaces/a/hpcjobs/x.y-z/log", new ApiRoute.Log("a", "x.y-z")),
                Arguments.of("POST", V + "/namespaces/a/hpcjobs/x/log", new ApiRoute.MethodNotAllowed("POST")),
                Arguments.of("HEAD", V + "/namespaces/a/hpcjobs/x/log", new ApiRoute.MethodNotAllowed("HEAD")),
                Arguments.of("DELETE", "/apis", new ApiRoute.MethodNotAllowed("DELETE")),
                Arguments.of("GET", V + "/namespaces/a/hpcjobs/x", new ApiRoute.NotFound()),
                Arguments.of("GET", V + "/namespaces/a/hpcjobs/x/exec", new ApiRoute.NotFound()),
                Arguments.of("GET", V + "/namespaces/a/pods/x/log", new ApiRoute.NotFound()),
                Arguments.of("GET", V + "/namespaces/a/hpcjobs/x/log/more", new ApiRoute.NotFound()),
                Arguments.of("GET", "/apis/hpcenv.dev/v1alpha1", new ApiRoute.NotFound()),
                Arguments.of("POST", "/nothing", new ApiRoute.NotFound()),
                Arguments.of("GET", "/", new ApiRoute.NotFound()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void routesByMethodAndPath(String method, String path, ApiRoute expected) {
        assertThat(ApiRoutes.route(method, path)).isEqualTo(expected);
    }

    static Stream<Arguments> badNames() {
        return Stream.of(
                Arguments.of("Team-A", "train", "namespace 'Team-A' is not a DNS label"),
                Arguments.of("team.a", "train", "namespace 'team.a' is not a DNS label"),
                Arguments.of("a".repeat(64), "train", "is not a DNS label"),
                Arguments.of("-a", "train", "namespace '-a'"),
                Arguments.of("", "train", "namespace ''"),
                Arguments.of("a", "..", "name '..' is not a DNS subdomain"),
                Arguments.of("a", "%2E%2E", "name '%2E%2E' is not a DNS subdomain"),
                Arguments.of("a", "x%2Fy", "name 'x%2Fy'"),
                Arguments.of("a", "Train", "name 'Train'"),
                Arguments.of("a", "", "name ''"),
                Arguments.of("a", "x".repeat(254), "at most 253 characters"));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("badNames")
    void aLogPathWithABadNameIsABadRequest(String namespace, String name, String message) {
        ApiRoute route = ApiRoutes.route("GET", V + "/namespaces/" + namespace + "/hpcjobs/" + name + "/log");

        assertThat(route)
                .isInstanceOfSatisfying(
                        ApiRoute.BadName.class, bad -> assertThat(bad.message()).contains(message));
    }
}
