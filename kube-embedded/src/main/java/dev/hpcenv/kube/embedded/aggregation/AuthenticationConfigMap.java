package dev.hpcenv.kube.embedded.aggregation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * ConfigMap kube-system/extension-apiserver-authentication as a kube-apiserver publishes it for
 * aggregated API servers: the front-proxy CA and the request headers that carry the user. There is
 * no {@code client-ca-file}: the embedded API issues no client certificates to users.
 */
public final class AuthenticationConfigMap {

    public static final String NAMESPACE = "kube-system";
    public static final String NAME = "extension-apiserver-authentication";
    public static final String USER_HEADER = "X-Remote-User";
    public static final String GROUP_HEADER = "X-Remote-Group";
    public static final String EXTRA_HEADER_PREFIX = "X-Remote-Extra-";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuthenticationConfigMap() {}

    public static ObjectNode of(FrontProxyCa ca) {
        ObjectNode map = JSON.createObjectNode();
        map.put("apiVersion", "v1");
        map.put("kind", "ConfigMap");
        map.putObject("metadata").put("name", NAME).put("namespace", NAMESPACE);
        ObjectNode data = map.putObject("data");
        // The API server writes these lists as JSON arrays inside the strings.
        data.put("requestheader-allowed-names", "[\"" + FrontProxyCa.CLIENT_NAME + "\"]");
        data.put("requestheader-client-ca-file", ca.caPem());
        data.put("requestheader-extra-headers-prefix", "[\"" + EXTRA_HEADER_PREFIX + "\"]");
        data.put("requestheader-group-headers", "[\"" + GROUP_HEADER + "\"]");
        data.put("requestheader-username-headers", "[\"" + USER_HEADER + "\"]");
        return map;
    }
}
