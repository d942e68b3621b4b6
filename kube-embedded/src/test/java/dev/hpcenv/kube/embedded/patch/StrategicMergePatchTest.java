package dev.hpcenv.kube.embedded.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void mergesMapsAndDeletesNullsLikeKubectlApplyOfASecret() throws Exception {
        // Given: what kubectl apply sends after a key and a label were changed
        JsonNode secret = json("{'metadata':{'name':'s','labels':{'a':'1','b':'2'}},'data':{'k':'djE=','old':'eA=='}}");
        JsonNode patch = json("{'metadata':{'labels':{'a':'3','b':null}},'data':{'k':'djI=','old':null}}");
        // When
        JsonNode patched = StrategicMergePatch.apply(secret, patch);
        // Then
        assertThat(patched).isEqualTo(json("{'metadata':{'name':'s','labels':{'a':'3'}},'data':{'k':'djI='}}"));
    }

    @Test
    void honoursReplaceAndDeleteDirectives() throws Exception {
        JsonNode target = json("{'data':{'a':'1','b':'2'},'extra':{'x':1}}");
        JsonNode patch = json("{'data':{'$patch':'replace','c':'3'},'extra':{'$patch':'delete'}}");

        assertThat(StrategicMergePatch.apply(target, patch)).isEqualTo(json("{'data':{'c':'3'}}"));
    }

    @Test
    void retainKeysDropsKeysNotListed() throws Exception {
        JsonNode target = json("{'spec':{'a':1,'b':2,'c':3}}");
        JsonNode patch = json("{'spec':{'$retainKeys':['a','d'],'d':4}}");

        assertThat(StrategicMergePatch.apply(target, patch)).isEqualTo(json("{'spec':{'a':1,'d':4}}"));
    }

    @Test
    void dropsSetElementOrderAndAppliesDeleteFromPrimitiveList() throws Exception {
        JsonNode target = json("{'spec':{'finalizers':['kubernetes','x']}}");
        JsonNode patch = json("{'spec':{'$setElementOrder/finalizers':['kubernetes'],"
                + "'$deleteFromPrimitiveList/finalizers':['x']}}");

        assertThat(StrategicMergePatch.apply(target, patch)).isEqualTo(json("{'spec':{'finalizers':['kubernetes']}}"));
    }

    @Test
    void mergesMetadataFinalizersAsASetButReplacesOtherLists() throws Exception {
        JsonNode target = json("{'metadata':{'finalizers':['a']},'secrets':[{'name':'one'}]}");
        JsonNode patch = json("{'metadata':{'finalizers':['b','a']},'secrets':[{'name':'two'}]}");

        assertThat(StrategicMergePatch.apply(target, patch))
                .isEqualTo(json("{'metadata':{'finalizers':['a','b']},'secrets':[{'name':'two'}]}"));
    }
}
