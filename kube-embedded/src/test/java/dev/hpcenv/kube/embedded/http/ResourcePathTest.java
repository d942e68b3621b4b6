package dev.hpcenv.kube.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourcePathTest {

    @Test
    void parsesNamespacedCustomResources() {
        assertThat(ResourcePath.parse("/apis/hpcenv.dev/v1alpha1/namespaces/team-a/hpcjobs/j1/status"))
                .contains(new ResourcePath("hpcenv.dev", "v1alpha1", "team-a", "hpcjobs", "j1", "status"));
        assertThat(ResourcePath.parse("/apis/hpcenv.dev/v1alpha1/hpcjobs"))
                .contains(new ResourcePath("hpcenv.dev", "v1alpha1", null, "hpcjobs", null, null));
    }

    @Test
    void tellsNamespaceObjectsFromNamespacedCollections() {
        assertThat(ResourcePath.parse("/api/v1/namespaces/team-a"))
                .contains(new ResourcePath("", "v1", null, "namespaces", "team-a", null));
        assertThat(ResourcePath.parse("/api/v1/namespaces/team-a/status"))
                .contains(new ResourcePath("", "v1", null, "namespaces", "team-a", "status"));
        assertThat(ResourcePath.parse("/api/v1/namespaces/team-a/secrets/jwt"))
                .contains(new ResourcePath("", "v1", "team-a", "secrets", "jwt", null));
    }

    @Test
    void rejectsWhatIsNotAResourceUrl() {
        assertThat(ResourcePath.parse("/api")).isEmpty();
        assertThat(ResourcePath.parse("/apis/g/v")).isEmpty();
        assertThat(ResourcePath.parse("/api/v1/namespaces/a/secrets/b/c/d")).isEmpty();
    }

    @Test
    void rebuildsTheCanonicalStorePath() {
        ResourcePath path =
                ResourcePath.parse("/apis/g/v1/namespaces/ns/things/").orElseThrow();

        assertThat(path.storePath()).isEqualTo("/apis/g/v1/namespaces/ns/things");
        assertThat(path.withName("x").storePath()).isEqualTo("/apis/g/v1/namespaces/ns/things/x");
    }

    @Test
    void decodesQueryParameters() {
        ApiRequest request = ApiRequest.of(
                "GET",
                "/api/v1/events?fieldSelector=involvedObject.name%3Dj1%2CinvolvedObject.kind%3DHpcJob&watch",
                null,
                null,
                null);

        assertThat(request.path()).isEqualTo("/api/v1/events");
        assertThat(request.param("fieldSelector")).isEqualTo("involvedObject.name=j1,involvedObject.kind=HpcJob");
        assertThat(request.flag("watch")).isTrue();
        assertThat(request.flag("dryRun")).isFalse();
    }
}
