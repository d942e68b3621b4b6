package dev.hpcenv.kube.embedded.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PatchApplierTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void appliesAJsonPatch() throws Exception {
        JsonNode patched = PatchApplier.apply(
                json("{'metadata':{'finalizers':['f']}}"),
                "application/json-patch+json",
                "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]",
                false);

        assertThat(patched).isEqualTo(json("{'metadata':{}}"));
    }

    @Test
    void choosesTheMergeByContentTypeIgnoringParameters() throws Exception {
        JsonNode patched = PatchApplier.apply(
                json("{'a':[1,2]}"), "application/merge-patch+json; charset=utf-8", "{\"a\":[3]}", false);

        assertThat(patched).isEqualTo(json("{'a':[3]}"));
    }

    @Test
    void appliesAServerSideApplyConfigurationWrittenInYaml() throws Exception {
        JsonNode patched = PatchApplier.apply(
                json("{'kind':'X','spec':{'a':1,'list':[1,2]},'status':{'s':1}}"),
                "application/apply-patch+yaml",
                "kind: X\nspec:\n  list: [3]\n  b: two\n",
                false);

        assertThat(patched).isEqualTo(json("{'kind':'X','spec':{'a':1,'list':[3],'b':'two'},'status':{'s':1}}"));
    }

    @Test
    void refusesUnknownContentTypes() {
        assertThatThrownBy(() -> PatchApplier.apply(json("{}"), "text/plain", "{}", false))
                .isInstanceOf(PatchException.class)
                .satisfies(e -> assertThat(((PatchException) e).httpCode()).isEqualTo(415));
    }

    @Test
    void reportsABodyThatIsNotJson() {
        assertThatThrownBy(() -> PatchApplier.apply(json("{}"), "application/merge-patch+json", "{nope", false))
                .isInstanceOf(PatchException.class)
                .hasMessageStartingWith("the patch body is not valid JSON")
                .satisfies(e -> assertThat(((PatchException) e).httpCode()).isEqualTo(400));
    }

    @Test
    void reportsAJsonPatchThatDoesNotApply() {
        assertThatThrownBy(() -> PatchApplier.apply(
                        json("{}"),
                        "application/json-patch+json",
                        "[{\"op\":\"replace\",\"path\":\"/missing/x\",\"value\":1}]",
                        false))
                .isInstanceOf(PatchException.class)
                .satisfies(e -> assertThat(((PatchException) e).httpCode()).isEqualTo(422));
    }
}
