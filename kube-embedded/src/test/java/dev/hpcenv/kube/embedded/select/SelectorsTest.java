package dev.hpcenv.kube.embedded.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EVENT = parse("{'metadata':{'name':'e1','namespace':'team-a',"
            + "'labels':{'app':'hpcenv','tier':'batch'}},'type':'Normal',"
            + "'involvedObject':{'kind':'HpcJob','name':'a,b=c','namespace':'team-a','uid':'u1'}}");

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "metadata.name=e1                                                   | true",
                "metadata.name==e1,metadata.namespace=team-a                        | true",
                "metadata.name!=e1                                                  | false",
                "involvedObject.kind=HpcJob,involvedObject.uid=u1                   | true",
                "involvedObject.name=a\\,b\\=c                                      | true",
                "involvedObject.name=a                                              | false",
                "spec.missing=                                                      | true",
                "''                                                                 | true"
            })
    void fieldSelectorsEvaluateOnTheObject(String selector, boolean expected) {
        assertThat(FieldSelector.parse(selector).matches(EVENT)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "app=hpcenv                      | true",
                "app==hpcenv,tier=batch          | true",
                "app!=hpcenv                     | false",
                "app!=other                      | true",
                "tier                            | true",
                "!tier                           | false",
                "!missing                        | true",
                "tier in (batch, web)            | true",
                "tier notin (batch)              | false",
                "missing notin (x)               | true",
                "app=hpcenv,tier in (web)        | false"
            })
    void labelSelectorsSupportEqualityAndSets(String selector, boolean expected) {
        assertThat(LabelSelector.parse(selector).matches(EVENT)).isEqualTo(expected);
    }

    @Test
    void badTermsAreReportedByName() {
        assertThatThrownBy(() -> FieldSelector.parse("metadata.name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'metadata.name'");
        assertThatThrownBy(() -> LabelSelector.parse("tier in batch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tier in batch'");
    }
}
