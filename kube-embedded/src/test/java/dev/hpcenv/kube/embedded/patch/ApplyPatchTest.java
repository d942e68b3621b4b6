package dev.hpcenv.kube.embedded.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyPatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void mergesTheAppliedConfigurationIntoTheObject() throws Exception {
        JsonNode live = json("{'metadata':{'name':'j','labels':{'a':'1'}},'spec':{'command':['x','y'],'nodes':2}}");
        JsonNode applied = json("{'metadata':{'name':'j','labels':{'b':'2'}},'spec':{'command':['z'],'mpi':null}}");

        assertThat(ApplyPatch.apply(live, applied, false))
                .isEqualTo(json(
                        "{'metadata':{'name':'j','labels':{'a':'1','b':'2'}},'spec':{'command':['z'],'nodes':2}}"));
    }

    @Test
    void replacesTheWholeStatusOnTheStatusSubresource() throws Exception {
        JsonNode live = json("{'spec':{'n':1},'status':{'phase':'Running','slurmJobId':7}}");
        JsonNode applied = json("{'spec':{'n':9},'status':{'phase':'Succeeded'}}");

        assertThat(ApplyPatch.apply(live, applied, true))
                .isEqualTo(json("{'spec':{'n':1},'status':{'phase':'Succeeded'}}"));
    }

    @Test
    void aFieldTheManagerNoLongerAppliesGoesUnlessSomeoneElseOwnsItNow() throws Exception {
        // Given: team-a applied four fields, ci applied one of them too
        JsonNode first = json("{'apiVersion':'v1','kind':'K','metadata':{'name':'j','labels':{'team':'a'}},"
                + "'spec':{'args':['a'],'resources':{'nodes':2,'timeLimit':'5m'},'suspend':false}}");
        JsonNode live = ApplyPatch.apply(json("{'metadata':{'name':'j'}}"), first, false, "team-a", "t1");
        live = ApplyPatch.apply(live, json("{'metadata':{'name':'j','labels':{'team':'a'}}}"), false, "ci", "t2");
        // and a merge patch changed spec.suspend since
        live = PatchApplier.apply(
                live, "application/merge-patch+json", "{\"spec\":{\"suspend\":true}}", false, "kubectl-patch", "t3");
        // When: team-a applies without args, timeLimit, its label and suspend
        JsonNode second =
                json("{'apiVersion':'v1','kind':'K','metadata':{'name':'j'},'spec':{'resources':{'nodes':1}}}");
        JsonNode result = ApplyPatch.apply(live, second, false, "team-a", "t4");
        // Then: what only team-a owned goes; ci's label and the patched suspend stay
        assertThat(result.path("spec")).isEqualTo(json("{'resources':{'nodes':1},'suspend':true}"));
        assertThat(result.path("metadata").path("labels")).isEqualTo(json("{'team':'a'}"));
        assertThat(result.path("metadata").path("managedFields").findValuesAsText("manager"))
                .containsExactlyInAnyOrder("ci", "team-a");
        assertThat(AppliedFields.ownedBy(result, "team-a")).containsExactly(List.of("spec", "resources", "nodes"));
    }
}
