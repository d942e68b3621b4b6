package dev.hpcenv.kube.embedded.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.kube.embedded.TestCrds;
import dev.hpcenv.kube.embedded.discovery.BuiltInResources;
import dev.hpcenv.kube.embedded.discovery.ResourceCatalog;
import dev.hpcenv.kube.embedded.discovery.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);
    private static final TableRenderer RENDERER = new TableRenderer(new TableColumns(new CellValues(NOW)));
    private static final ResourceType WIDGETS =
            ResourceCatalog.fromCrd(TestCrds.widgets()).get(0);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static List<String> names(JsonNode table) {
        List<String> names = new ArrayList<>();
        table.get("columnDefinitions").forEach(c -> names.add(c.get("name").asText()));
        return names;
    }

    @Test
    void evaluatesTheCrdPrinterColumnsInOrderAfterName() throws Exception {
        // Given
        JsonNode widget =
                json("{'metadata':{'name':'w1','namespace':'default','creationTimestamp':'2026-01-01T00:55:00Z'},"
                        + "'spec':{'replicas':3},'status':{'phase':'Running','nodes':['n1','n2'],"
                        + "'conditions':[{'type':'Ready','status':'True'}]}}");
        // When
        JsonNode table = RENDERER.render(WIDGETS, widget, IncludeObject.METADATA);
        // Then
        assertThat(table.get("kind").asText()).isEqualTo("Table");
        assertThat(table.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(names(table)).containsExactly("Name", "Phase", "Ready", "Replicas", "Nodes", "Age");
        assertThat(table.at("/columnDefinitions/4/priority").asInt()).isEqualTo(1);
        assertThat(table.at("/rows/0/cells").toString())
                .isEqualTo(json("['w1','Running','True',3,'n1,n2','5m']").toString());
        assertThat(table.at("/rows/0/object/kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(table.at("/rows/0/object/metadata/namespace").asText()).isEqualTo("default");
        assertThat(table.at("/rows/0/object/spec").isMissingNode()).isTrue();
    }

    @Test
    void leavesCellsEmptyWhenTheValueIsMissingOrOfTheWrongType() throws Exception {
        JsonNode widget =
                json("{'metadata':{'name':'w1','creationTimestamp':'not a time'},'spec':{'replicas':'three'}}");

        JsonNode table = RENDERER.render(WIDGETS, widget, IncludeObject.NONE);

        assertThat(table.at("/rows/0/cells").toString())
                .isEqualTo(json("['w1',null,null,null,null,'<invalid>']").toString());
        assertThat(table.at("/rows/0/object").isMissingNode()).isTrue();
    }

    @Test
    void rendersOneRowPerListItemAndKeepsTheListResourceVersion() throws Exception {
        JsonNode list = json("{'kind':'WidgetList','metadata':{'resourceVersion':'17'},'items':["
                + "{'metadata':{'name':'a'}},{'metadata':{'name':'b'}}]}");

        JsonNode table = RENDERER.render(WIDGETS, list, IncludeObject.OBJECT);

        assertThat(table.at("/metadata/resourceVersion").asText()).isEqualTo("17");
        assertThat(table.get("rows")).hasSize(2);
        assertThat(table.at("/rows/1/object/metadata/name").asText()).isEqualTo("b");
    }

    @Test
    void showsSecretsWithTypeAndDataCount() throws Exception {
        JsonNode secret = json("{'metadata':{'name':'jwt','creationTimestamp':'2026-01-01T00:59:30Z'},"
                + "'type':'Opaque','data':{'a':'eA==','b':'eQ=='}}");

        JsonNode table = RENDERER.render(BuiltInResources.SECRETS, secret, IncludeObject.METADATA);

        assertThat(names(table)).containsExactly("Name", "Type", "Data", "Age");
        assertThat(table.at("/rows/0/cells").toString())
                .isEqualTo(json("['jwt','Opaque',2,'30s']").toString());
    }

    @Test
    void showsEventsAsKubectlGetEventsDoes() throws Exception {
        JsonNode event = json("{'metadata':{'name':'e1'},'type':'Warning','reason':'Failed','message':'exit 1',"
                + "'lastTimestamp':'2026-01-01T00:00:00Z','involvedObject':{'kind':'HpcJob','name':'j'}}");

        JsonNode table = RENDERER.render(BuiltInResources.EVENTS, event, IncludeObject.METADATA);

        assertThat(names(table)).containsExactly("Last Seen", "Type", "Reason", "Object", "Message", "Name");
        assertThat(table.at("/rows/0/cells").toString())
                .isEqualTo(json("['60m','Warning','Failed','hpcjob/j','exit 1','e1']")
                        .toString());
    }

    @Test
    void recognisesTableRequestsByTheAcceptHeader() {
        assertThat(TableRenderer.wantsTable("application/json;as=Table;v=v1;g=meta.k8s.io,application/json"))
                .isTrue();
        assertThat(TableRenderer.wantsTable("application/json")).isFalse();
        assertThat(TableRenderer.wantsTable(null)).isFalse();
    }
}
