package dev.hpcenv.operator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import org.junit.jupiter.api.Test;

/** The discovery documents parse as the Kubernetes kinds they claim to be, with what kubectl needs. */
class DiscoveryDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theGroupListHasTheGroupWithItsPreferredVersion() throws Exception {
        APIGroupList list =
                JSON.readValue(DiscoveryDocuments.of(ApiRoute.Discovery.Document.GROUP_LIST), APIGroupList.class);

        assertThat(list.getKind()).isEqualTo("APIGroupList");
        assertThat(list.getGroups()).singleElement().satisfies(group -> {
            assertThat(group.getName()).isEqualTo("logs.hpcenv.dev");
            assertThat(group.getPreferredVersion().getGroupVersion()).isEqualTo("logs.hpcenv.dev/v1alpha1");
            assertThat(group.getVersions()).extracting(v -> v.getVersion()).containsExactly("v1alpha1");
        });
    }

    @Test
    void theGroupIsAnApiGroup() throws Exception {
        APIGroup group = JSON.readValue(DiscoveryDocuments.of(ApiRoute.Discovery.Document.GROUP), APIGroup.class);

        assertThat(group.getKind()).isEqualTo("APIGroup");
        assertThat(group.getApiVersion()).isEqualTo("v1");
        assertThat(group.getName()).isEqualTo("logs.hpcenv.dev");
    }

    @Test
    void theResourceListHasTheNamespacedLogSubresourceWithGetOnly() throws Exception {
        APIResourceList list =
                JSON.readValue(DiscoveryDocuments.of(ApiRoute.Discovery.Document.RESOURCE_LIST), APIResourceList.class);

        assertThat(list.getKind()).isEqualTo("APIResourceList");
        assertThat(list.getGroupVersion()).isEqualTo("logs.hpcenv.dev/v1alpha1");
        APIResource log = list.getResources().get(0);
        assertThat(list.getResources()).hasSize(1);
        assertThat(log.getName()).isEqualTo("hpcjobs/log");
        assertThat(log.getNamespaced()).isTrue();
        assertThat(log.getVerbs()).containsExactly("get");
    }

    @Test
    void theOpenApiDocumentsAreValidMinimalDocuments() throws Exception {
        JsonNode v2 = JSON.readTree(DiscoveryDocuments.of(ApiRoute.OpenApi.Document.V2));
        JsonNode v3 = JSON.readTree(DiscoveryDocuments.of(ApiRoute.OpenApi.Document.V3_INDEX));
        JsonNode v3Group = JSON.readTree(DiscoveryDocuments.of(ApiRoute.OpenApi.Document.V3_GROUP_VERSION));

        assertThat(v2.get("swagger").asText()).isEqualTo("2.0");
        assertThat(v2.get("info").get("version").asText()).isEqualTo("v1alpha1");
        assertThat(v2.get("paths").isObject()).isTrue();
        assertThat(v3.at("/paths/apis~1logs.hpcenv.dev~1v1alpha1/serverRelativeURL")
                        .asText())
                .isEqualTo("/openapi/v3/apis/logs.hpcenv.dev/v1alpha1");
        assertThat(v3Group.get("openapi").asText()).startsWith("3.");
        assertThat(v3Group.get("paths").isObject()).isTrue();
    }
}
