package dev.hpcenv.kube.embedded.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request attributes as the API server's RequestInfoFactory derives them (k8s.io/apiserver/pkg/endpoints/request). */
class RequestAttributesTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // method | uri | resource? | verb | group | namespace | resource | subresource | name
                "GET    | /api/v1/namespaces/default/pods              | true  | list | ''  | default | pods | '' | ''",
                "GET    | /api/v1/namespaces/default/pods?watch=true   | true  | watch | '' | default | pods | '' | ''",
                "GET    | /api/v1/namespaces/default/pods?watch=1      | true  | watch | '' | default | pods | '' | ''",
                "GET    | /api/v1/namespaces/default/pods/p1           | true  | get  | ''  | default | pods | '' | p1",
                "GET    | /api/v1/namespaces/default/pods/p1/log       | true  | get  | ''  | default | pods | log | p1",
                "HEAD   | /api/v1/namespaces/default/pods/p1           | true  | get  | ''  | default | pods | '' | p1",
                "POST   | /api/v1/namespaces/default/pods              | true  | create | '' | default | pods | '' | ''",
                "PUT    | /api/v1/namespaces/default/pods/p1           | true  | update | '' | default | pods | '' | p1",
                "PATCH  | /api/v1/namespaces/default/pods/p1/status    | true  | patch | ''  | default | pods | status | p1",
                "DELETE | /api/v1/namespaces/default/pods/p1           | true  | delete | '' | default | pods | '' | p1",
                "DELETE | /api/v1/namespaces/default/pods              | true  | deletecollection | '' | default | pods | '' | ''",
                "GET    | /api/v1/pods                                 | true  | list | ''  | ''      | pods | '' | ''",
                // the namespace of a Namespace URL is the namespace itself
                "GET    | /api/v1/namespaces/team-a                    | true  | get  | ''  | team-a  | namespaces | '' | team-a",
                "PUT    | /api/v1/namespaces/team-a/finalize           | true  | update | '' | team-a | namespaces | finalize | team-a",
                "GET    | /api/v1/namespaces                           | true  | list | ''  | ''      | namespaces | '' | ''",
                "GET    | /apis/hpcenv.dev/v1alpha1/namespaces/a/hpcjobs/j | true | get | hpcenv.dev | a | hpcjobs | '' | j",
                "GET    | /apis/logs.hpcenv.dev/v1alpha1/namespaces/a/hpcjobs/j/log?follow=true | true | get | logs.hpcenv.dev | a | hpcjobs | log | j",
                "GET    | /apis/rbac.authorization.k8s.io/v1/clusterroles | true | list | rbac.authorization.k8s.io | '' | clusterroles | '' | ''",
                // a list narrowed to one name is authorised for that name
                "GET    | /api/v1/namespaces/d/secrets?fieldSelector=metadata.name%3Ds1 | true | list | '' | d | secrets | '' | s1",
                "GET    | /api/v1/namespaces/d/secrets?fieldSelector=metadata.name%3D%3Ds1&watch=true | true | watch | '' | d | secrets | '' | s1",
                "GET    | /api/v1/namespaces/d/secrets?fieldSelector=metadata.name%3Ds1,type%3Dx | true | list | '' | d | secrets | '' | ''",
                // the deprecated watch path
                "GET    | /api/v1/watch/namespaces/d/pods              | true  | watch | '' | d | pods | '' | ''",
                // non-resource requests: the method, lower-cased, and the path
                "GET    | /api                                         | false | get  | ''  | ''      | ''   | '' | ''",
                "GET    | /api/v1                                      | false | get  | ''  | ''      | ''   | '' | ''",
                "GET    | /apis                                        | false | get  | ''  | ''      | ''   | '' | ''",
                "GET    | /apis/hpcenv.dev                             | false | get  | ''  | ''      | ''   | '' | ''",
                "GET    | /apis/hpcenv.dev/v1alpha1                    | false | get  | ''  | ''      | ''   | '' | ''",
                "POST   | /version                                     | false | post | ''  | ''      | ''   | '' | ''",
                "GET    | /openapi/v3/apis/hpcenv.dev/v1alpha1         | false | get  | ''  | ''      | ''   | '' | ''",
            })
    void derivesAttributesAsTheApiServer(
            String method,
            String uri,
            boolean resourceRequest,
            String verb,
            String group,
            String namespace,
            String resource,
            String subresource,
            String name) {
        URI parsed = URI.create(uri);
        RequestAttributes attributes = RequestAttributes.of(Identity.ADMIN, method, parsed.getRawPath(), query(parsed));

        assertThat(attributes)
                .extracting(
                        RequestAttributes::resourceRequest,
                        RequestAttributes::verb,
                        RequestAttributes::apiGroup,
                        RequestAttributes::namespace,
                        RequestAttributes::resource,
                        RequestAttributes::subresource,
                        RequestAttributes::name)
                .containsExactly(resourceRequest, verb, group, namespace, resource, subresource, name);
        assertThat(attributes.path()).isEqualTo(parsed.getRawPath());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
            }
        }
        return query;
    }
}
