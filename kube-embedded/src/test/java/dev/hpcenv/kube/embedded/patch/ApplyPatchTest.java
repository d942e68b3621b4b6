package dev.hpcenv.kube.embedded.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
}
