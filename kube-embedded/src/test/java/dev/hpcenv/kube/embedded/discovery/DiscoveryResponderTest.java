package dev.hpcenv.kube.embedded.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.kube.embedded.TestCrds;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryResponderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DiscoveryResponder discovery = new DiscoveryResponder(new ResourceCatalog(TestCrds::all));

    private JsonNode get(String path) throws Exception {
        ApiResponse response = discovery.respond(path).orElseThrow();
        assertThat(response.code()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode resource(JsonNode list, String name) {
        for (JsonNode resource : list.get("resources")) {
            if (resource.get("name").asText().equals(name)) {
                return resource;
            }
        }
        throw new AssertionError("no resource " + name + " in " + list);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    @Test
    void describesCustomKindsFromTheirCrd() throws Exception {
        JsonNode list = get("/apis/test.hpcenv.dev/v1");

        assertThat(list.get("groupVersion").asText()).isEqualTo("test.hpcenv.dev/v1");
        JsonNode widgets = resource(list, "widgets");
        assertThat(widgets.get("kind").asText()).isEqualTo("Widget");
        assertThat(widgets.get("singularName").asText()).isEqualTo("widget");
        assertThat(widgets.get("namespaced").asBoolean()).isTrue();
        assertThat(texts(widgets.get("shortNames"))).containsExactly("wdg");
        assertThat(texts(widgets.get("categories"))).containsExactly("hpc");
        assertThat(texts(widgets.get("verbs"))).contains("get", "list", "watch", "create", "update", "patch", "delete");
        assertThat(texts(resource(list, "widgets/status").get("verbs"))).containsExactly("get", "patch", "update");
        assertThat(resource(list, "gadgets").get("namespaced").asBoolean()).isFalse();
        assertThat(list.toString()).doesNotContain("gadgets/status");
    }

    @Test
    void listsEveryGroupWithItsPreferredVersion() throws Exception {
        JsonNode groups = get("/apis");

        List<String> names = new ArrayList<>();
        groups.get("groups").forEach(g -> names.add(g.get("name").asText()));
        assertThat(names).contains("test.hpcenv.dev", "coordination.k8s.io", "events.k8s.io", "apiextensions.k8s.io");
        assertThat(groups.toString()).contains("{\"groupVersion\":\"test.hpcenv.dev/v1\",\"version\":\"v1\"}");
    }

    @Test
    void servesTheCoreKindsKubectlAndTheOperatorUse() throws Exception {
        assertThat(texts(get("/api").get("versions"))).containsExactly("v1");
        JsonNode core = get("/api/v1");
        assertThat(resource(core, "namespaces").get("namespaced").asBoolean()).isFalse();
        assertThat(resource(core, "secrets").get("namespaced").asBoolean()).isTrue();
        assertThat(resource(core, "events").get("kind").asText()).isEqualTo("Event");
        assertThat(resource(core, "configmaps").get("kind").asText()).isEqualTo("ConfigMap");
        assertThat(resource(core, "serviceaccounts").get("kind").asText()).isEqualTo("ServiceAccount");
        assertThat(resource(get("/apis/coordination.k8s.io/v1"), "leases")
                        .get("kind")
                        .asText())
                .isEqualTo("Lease");
    }

    @Test
    void answersVersionAndUnknownGroups() throws Exception {
        assertThat(get("/version").get("gitVersion").asText()).isEqualTo(DiscoveryResponder.GIT_VERSION);
        assertThat(discovery.respond("/apis/nope.example/v1").orElseThrow().code())
                .isEqualTo(404);
        assertThat(discovery.respond("/openapi/v2").orElseThrow().code()).isEqualTo(404);
        assertThat(discovery.respond("/apis/test.hpcenv.dev/v1/widgets")).isEmpty();
    }

    @Test
    void openApiV3DeclaresServerSideFieldValidationPerKind() throws Exception {
        JsonNode root = get("/openapi/v3");
        String url =
                root.at("/paths/apis~1test.hpcenv.dev~1v1/serverRelativeURL").asText();
        assertThat(url).startsWith("/openapi/v3/apis/test.hpcenv.dev/v1?hash=");

        JsonNode document = get(url.substring(0, url.indexOf('?')));

        JsonNode patch =
                document.at("/paths/~1apis~1test.hpcenv.dev~1v1~1namespaces~1{namespace}~1widgets~1{name}/patch");
        assertThat(patch.get("x-kubernetes-group-version-kind").toString())
                .isEqualTo("{\"group\":\"test.hpcenv.dev\",\"version\":\"v1\",\"kind\":\"Widget\"}");
        assertThat(patch.get("parameters").toString()).contains("\"name\":\"fieldValidation\",\"in\":\"query\"");
        // No strategic merge patch: kubectl must fall back to JSON merge patch for custom kinds.
        assertThat(patch.at("/requestBody/content").has("application/strategic-merge-patch+json"))
                .isFalse();
    }
}
