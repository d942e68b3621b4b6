package dev.hpcenv.kube.embedded.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimpleJsonPathTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode JOB = parse(
            "{'metadata':{'name':'j','labels':{'app.kubernetes.io/name':'x'}},"
                    + "'status':{'phase':'Running','slurmJobId':42,'nodes':['n1','n2'],"
                    + "'conditions':[{'type':'Submitted','status':'True'},{'type':'Ready','status':'False','reason':'Pending'}]}}");

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> texts(String path) {
        return SimpleJsonPath.parse(path).evaluate(JOB).stream()
                .map(JsonNode::asText)
                .toList();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                ".status.phase                                  | Running",
                "{.status.phase}                                | Running",
                "$.status.slurmJobId                            | 42",
                ".status.nodes[1]                               | n2",
                ".status.nodes[-1]                              | n2",
                ".status.conditions[?(@.type==\"Ready\")].status | False",
                ".status.conditions[?(@.type=='Ready')].reason  | Pending",
                ".status.conditions[?(@.type!=\"Ready\")].type  | Submitted",
                ".status.conditions[?(@.reason)].type           | Ready",
                ".metadata.labels['app.kubernetes.io/name']     | x"
            })
    void selectsWhatKubectlWould(String path, String expected) {
        assertThat(texts(path)).containsExactly(expected);
    }

    @Test
    void wildcardsSelectEveryElement() {
        assertThat(texts(".status.nodes[*]")).containsExactly("n1", "n2");
        assertThat(texts(".status.conditions[*].type")).containsExactly("Submitted", "Ready");
    }

    @Test
    void missingFieldsSelectNothing() {
        assertThat(texts(".status.exitCode")).isEmpty();
        assertThat(texts(".status.nodes[5]")).isEmpty();
        assertThat(texts(".status.conditions[?(@.type==\"Done\")].status")).isEmpty();
        assertThat(texts(".status.phase.deeper")).isEmpty();
    }

    @Test
    void refusesWhatItDoesNotImplementNamingTheExpression() {
        assertThatThrownBy(() -> SimpleJsonPath.parse("..name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'..name'");
        assertThatThrownBy(() -> SimpleJsonPath.parse(".items[0:2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0:2]");
        assertThatThrownBy(() -> SimpleJsonPath.parse(".status[phase"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed");
    }
}
