package dev.hpcenv.kube.embedded.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void replacesArraysInsteadOfAppending() throws Exception {
        // Given
        JsonNode job = json("{'spec':{'command':['echo','hi'],'nodes':2}}");
        // When
        JsonNode patched = MergePatch.apply(job, json("{'spec':{'command':['echo','changed']}}"));
        // Then
        assertThat(patched).isEqualTo(json("{'spec':{'command':['echo','changed'],'nodes':2}}"));
    }

    // The examples of RFC 7386, appendix A.
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{'a':'b'}                 | {'a':'c'}            | {'a':'c'}",
                "{'a':'b'}                 | {'b':'c'}            | {'a':'b','b':'c'}",
                "{'a':'b'}                 | {'a':null}           | {}",
                "{'a':'b','b':'c'}         | {'a':null}           | {'b':'c'}",
                "{'a':['b']}               | {'a':'c'}            | {'a':'c'}",
                "{'a':'c'}                 | {'a':['b']}          | {'a':['b']}",
                "{'a':{'b':'c'}}           | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
                "{'a':[{'b':'c'}]}         | {'a':[1]}            | {'a':[1]}",
                "['a','b']                 | ['c','d']            | ['c','d']",
                "{'a':'b'}                 | ['c']                | ['c']",
                "{'e':null}                | {'a':1}              | {'e':null,'a':1}",
                "[1,2]                     | {'a':'b','c':null}   | {'a':'b'}",
                "{}                        | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}"
            })
    void followsRfc7386(String target, String patch, String expected) throws Exception {
        assertThat(MergePatch.apply(json(target), json(patch))).isEqualTo(json(expected));
    }

    @Test
    void leavesItsArgumentsUnchanged() throws Exception {
        // Given
        JsonNode target = json("{'a':{'b':1}}");
        JsonNode patch = json("{'a':{'b':null,'c':2}}");
        // When
        MergePatch.apply(target, patch);
        // Then
        assertThat(target).isEqualTo(json("{'a':{'b':1}}"));
        assertThat(patch).isEqualTo(json("{'a':{'b':null,'c':2}}"));
    }
}
